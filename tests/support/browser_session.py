"""An admin session over real HTTP, with cookies and CSRF tokens, for tests of real servers."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class AdminSession:
    """One person's browser: the same cookies whichever server ``base`` names."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.not_following = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _KeepRedirects()
        )

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=15) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_files(
        self, url: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
    ) -> tuple[int, str]:
        """POST a form with files (``name: (filename, content, content type)``) as a browser
        does: multipart/form-data, the page's CSRF token included. A redirect is answered
        as such (its status and no page), not followed."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {"csrfmiddlewaretoken": self.form_token(url), **fields}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, content_type) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        try:
            with self.not_following.open(request, timeout=30) as answer:
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
