import pytest

from tests.support.factories import SectionFactory, SourceFactory, jpeg_bytes


@pytest.fixture
def allow_loopback(settings):
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True


@pytest.fixture
def source():
    SectionFactory(name="News", slug="news", position=0)
    return SourceFactory(name="Harbour Valley Courier", slug="courier")


@pytest.fixture
def picture_url(local_server):
    (local_server.root / "boats.jpg").write_bytes(jpeg_bytes(80, 60))
    return f"{local_server.url}/boats.jpg"
