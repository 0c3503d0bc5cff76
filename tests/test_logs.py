"""JSON log lines carrying the request id, which the answer returns in X-Request-ID."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from articles.logs import JsonFormatter, RequestIdFilter, RequestIdMiddleware


def serve(headers: dict[str, str]) -> tuple[HttpResponse, str]:
    lines = []
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.emit = lambda record: lines.append(handler.format(record))
    logger = logging.getLogger("tests.request")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def view(request):
        logger.info("Serving %s — الصفحة الأولى", request.path)
        return HttpResponse("ok")

    try:
        response = RequestIdMiddleware(view)(RequestFactory().get("/", headers=headers))
    finally:
        logger.removeHandler(handler)
    [line] = lines
    return response, line


def test_each_request_gets_an_id_in_its_logs_and_its_answer():
    response, line = serve({})
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"]
    assert len(entry["request_id"]) == 32
    assert entry["message"] == "Serving / — الصفحة الأولى"
    assert entry["level"] == "INFO" and entry["logger"] == "tests.request"


def test_a_proxys_request_id_is_kept():
    response, line = serve({"X-Request-ID": "lb-4f1c2a9e-77"})
    assert response["X-Request-ID"] == json.loads(line)["request_id"] == "lb-4f1c2a9e-77"


@pytest.mark.parametrize(
    "hostile", ["", "short", "a b c d e f g h", "x" * 500, "<script>1</script>"]
)
def test_a_hostile_request_id_is_replaced(hostile):
    response, line = serve({"X-Request-ID": hostile})
    assert response["X-Request-ID"] != hostile
    assert hostile not in line or hostile == ""


def test_a_traceback_stays_inside_one_json_line():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: broken" in json.loads(line)["exception"]
