import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hearth.casework.models import Document
from hearth.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% synthetic test document\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _upload(client, child, name, content, **extra):
    data = {
        "document_type": "report",
        "title": "School report",
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        **extra,
    }
    return client.post(reverse("casework:document_new", args=[child.pk]), data)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 10, "image/jpeg"),
        (
            "letter.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("letter.odt", _odt(), "application/vnd.oasis.opendocument.text"),
        ("old.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 8, "application/msword"),
        ("notes.txt", "Café notes, plain text".encode(), "text/plain"),
    ],
)
def test_allowed_documents_are_stored_with_the_type_read_from_their_content(
    signed_in, social_worker, allocated_child, today, name, content, content_type
):
    response = _upload(signed_in(social_worker), allocated_child, name, content)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == content_type
    assert document.original_filename == name
    assert document.file.name.endswith(".bin")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("disguised.pdf", b"MZ\x90\x00 not a pdf"),
        ("fake.docx", b"PK\x03\x04 not really a zip"),
        ("binary.txt", b"\x00\x01\x02"),
        ("noextension", PDF),
    ],
)
def test_other_types_and_disguised_files_are_refused_with_a_clear_error(
    signed_in, social_worker, allocated_child, today, name, content
):
    response = _upload(signed_in(social_worker), allocated_child, name, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The selected file must be a PDF, DOCX, ODT, DOC, JPEG, PNG or TXT" in html
    assert not Document.objects.exists()


def test_a_file_over_the_size_limit_is_refused(
    signed_in, social_worker, allocated_child, today, settings
):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    response = _upload(
        signed_in(social_worker), allocated_child, "big.pdf", PDF + b"0" * (1024 * 1024)
    )
    assert "The selected file must be smaller than 1 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_missing_answers_show_an_error_summary(signed_in, social_worker, allocated_child, today):
    response = signed_in(social_worker).post(
        reverse("casework:document_new", args=[allocated_child.pk]), {}
    )
    html = response.content.decode()
    assert "Select the type of document" in html
    assert "Enter a title for the document" in html
    assert "Select a file" in html


def test_an_empty_file_is_refused(signed_in, social_worker, allocated_child, today):
    response = _upload(signed_in(social_worker), allocated_child, "empty.pdf", b"")
    assert "The selected file is empty" in response.content.decode()


def test_a_document_downloads_as_an_attachment_and_the_download_is_audited(
    signed_in, social_worker, allocated_child, today
):
    client = signed_in(social_worker)
    _upload(client, allocated_child, "report.pdf", PDF)
    document = Document.objects.get()
    response = client.get(
        reverse("casework:document_download", args=[allocated_child.pk, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(
        actor=social_worker, action=AuditAction.DOWNLOAD, object_id=str(document.pk)
    ).exists()


def test_an_outsider_cannot_download_or_upload(
    signed_in, social_worker, other_worker, allocated_child, today
):
    _upload(signed_in(social_worker), allocated_child, "report.pdf", PDF)
    document = Document.objects.get()
    outsider = signed_in(other_worker)
    download = reverse("casework:document_download", args=[allocated_child.pk, document.pk])
    assert outsider.get(download).status_code == 404
    assert _upload(outsider, allocated_child, "x.pdf", PDF).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_a_document_cannot_be_reached_through_another_childs_address(
    signed_in, social_worker, allocated_child, other_child, other_worker, today
):
    _upload(signed_in(other_worker), other_child, "report.pdf", PDF)
    document = Document.objects.get()
    response = signed_in(social_worker).get(
        reverse("casework:document_download", args=[allocated_child.pk, document.pk])
    )
    assert response.status_code == 404


def test_stored_files_are_not_reachable_by_any_address_but_the_download_view(
    signed_in, social_worker, allocated_child, today, settings
):
    client = signed_in(social_worker)
    _upload(client, allocated_child, "report.pdf", PDF)
    stored = Document.objects.get().file.name
    for address in (f"/{stored}", f"{settings.STATIC_URL}{stored}", f"/documents/{stored}"):
        assert client.get(address).status_code == 404
