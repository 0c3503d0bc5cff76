"""An admin session over real HTTP, with cookies and CSRF tokens, for tests of real servers."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class AdminSession:
    """One person's browser: the same cookies whichever server ``base`` names."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=15) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form_token(self, url: str) -> str:
        _status, page = self.request(url)
        match = CSRF_FIELD.search(page)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def log_in(self, base: str, username: str, password: str) -> int:
        url = f"{base}/admin/login/?next=/admin/"
        token = self.form_token(url)
        status, _page = self.request(
            url, {"csrfmiddlewaretoken": token, "username": username, "password": password}
        )
        return status

    def story_action(self, base: str, action: str, story_id: int) -> tuple[int, str]:
        url = f"{base}/admin/articles/story/"
        token = self.form_token(url)
        return self.request(
            url,
            {"csrfmiddlewaretoken": token, "action": action, "_selected_action": [story_id]},
        )
