"""Uploads in S3-compatible object storage (django-storages against a local moto server): stored
only in the bucket, sent only through the checked download view, streamed, never by a URL."""

import json
import os
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opora.cases.models import Attachment
from opora.core.backup import create_backup, read_manifest
from opora.core.testing.files import pdf_bytes

pytestmark = pytest.mark.django_db


def _keys(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_an_upload_lands_in_the_bucket_and_is_streamed_back_only_to_the_team(
    client, login, world, s3_storage, settings
):
    s3, bucket = s3_storage
    content = pdf_bytes(padding=300_000)  # larger than one streaming block
    login(client, world.members["case_manager"])
    response = client.post(
        reverse("cases:attachment_add", args=[world.case.pk]),
        {"file": SimpleUploadedFile("zprava.pdf", content, content_type="application/pdf"), "description": ""},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.filter(case=world.case, original_name="zprava.pdf").get()
    assert attachment.file.name in _keys(s3, bucket)
    assert not any(Path(settings.MEDIA_ROOT).rglob(Path(attachment.file.name).name))  # not on this machine
    # The object is private: no anonymous read from the bucket.
    acl = s3.get_object_acl(Bucket=bucket, Key=attachment.file.name)
    assert all(g["Grantee"].get("URI", "").endswith("AllUsers") is False for g in acl["Grants"])

    url = reverse("cases:attachment_download", args=[world.case.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming  # sent in blocks, not read whole into memory
    assert b"".join(response.streaming_content) == content
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("Location")

    # Someone outside the case team gets nothing, and no bucket address leaks anywhere.
    for persona in ("case_manager_other", "other_org", "school_staff"):
        other = client.__class__()
        login(other, world.members[persona])
        refused = other.get(url)
        assert refused.status_code in (403, 404), persona
        assert content[:200] not in refused.content
        assert bucket not in refused.content.decode(errors="replace")


def test_health_checks_the_bucket(client, s3_storage, settings):
    response = client.get("/health/")
    assert json.loads(response.content)["checks"]["storage"] == "ok"
    s3, bucket = s3_storage
    assert _keys(s3, bucket) == []  # the probe cleans up after itself
    options = {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "no-such-bucket-here"}
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": options}}
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["storage"] == "fail"


def test_a_backup_takes_the_files_from_the_bucket(transactional_db, s3_storage, tmp_path):
    s3, bucket = s3_storage
    content = b"%PDF-1.4 " + os.urandom(5000)
    s3.put_object(Bucket=bucket, Key="cases/attachment/abc.pdf", Body=content)
    archive = create_backup(tmp_path)
    assert "cases/attachment/abc.pdf" in read_manifest(archive)["files"]
    with tarfile.open(archive) as tar:
        assert tar.extractfile("files/cases/attachment/abc.pdf").read() == content
