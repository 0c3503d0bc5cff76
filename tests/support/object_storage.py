"""A real S3-compatible server for tests (moto's standalone server) with a public bucket."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.processes import free_port, missing_service, start, stop, wait_for

BUCKET = "newsroom-media"
REGION = "us-east-1"
ACCESS_KEY = SECRET_KEY = "testing"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


@dataclass
class ObjectStorage:
    """The server's address and a boto3 client of it."""

    endpoint: str
    client: object

    def keys(self) -> set[str]:
        listed = self.client.list_objects_v2(Bucket=BUCKET)  # type: ignore[attr-defined]
        return {item["Key"] for item in listed.get("Contents", [])}

    def environment(self) -> dict[str, str]:
        """The variables that put a Newsroom process's media in this bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }


@contextmanager
def s3_server(log_dir: Path) -> Iterator[ObjectStorage]:
    """Run moto's S3 server on a free port with a bucket readers may read, as in production."""
    try:
        import boto3
        import moto.server  # noqa: F401
    except ImportError:
        missing_service("needs boto3 and moto[server] (the dev dependencies)")
    port = free_port()
    server = start(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env={"PATH": "/usr/bin:/bin"},
        log=log_dir / "s3.log",
    )
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )

    def bucket_made():
        try:
            client.create_bucket(Bucket=BUCKET)
            return True
        except Exception:
            return False

    try:
        wait_for(bucket_made, timeout=30, what="the S3 server")
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        yield ObjectStorage(endpoint=endpoint, client=client)
    finally:
        stop(server)
