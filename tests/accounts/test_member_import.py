"""CSV import of the register: all rows or none, with a report that names each faulty line."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.web.test_settings import run_manage
from upstander.accounts.errors import MemberImportRejected
from upstander.accounts.models import Member, MembershipStatus, SocialHandle, User
from upstander.accounts.services import members_import_csv
from upstander.audit.models import AuditEntry
from upstander.core.errors import NotPermitted

pytestmark = pytest.mark.django_db

HEADER = "membership_number,given_name,family_name,email,status,joined_on,branch,handles\n"
GOOD = (
    HEADER
    + "M-10,Priya,Shah,priya@example.org,active,2021-03-01,Riverside,"
    + "bluesky:@Priya.bsky.social;mastodon:@priya@mastodon.social\n"
    + "M-11,Sam,Okafor,,suspended,2019-11-30,Hillside,x:@samokafor\n"
    + "M-12,Jo,Brennan,,,2020-01-01,,\n"
)


def test_a_valid_file_imports_every_row_with_its_handles(administrator: User) -> None:
    result = members_import_csv(administrator, text=GOOD)
    assert (result.created, result.updated, result.handles_added) == (3, 0, 3)
    assert Member.objects.get(membership_number="M-11").status == MembershipStatus.SUSPENDED
    assert Member.objects.get(membership_number="M-12").status == MembershipStatus.ACTIVE
    assert SocialHandle.objects.filter(handle="priya.bsky.social").exists()
    assert AuditEntry.objects.filter(verb="member.import").count() == 1


def test_one_bad_row_imports_nothing_and_names_each_faulty_line(administrator: User) -> None:
    text = (
        GOOD
        + "M-13,Alex,,not-an-email,retired,01/02/2020,,bluesky:<b>bad</b>\n"
        + "M-10,Dup,Licate,,active,2020-01-01,,\n"
    )
    with pytest.raises(MemberImportRejected) as rejected:
        members_import_csv(administrator, text=text)
    lines = {error.line: error.message for error in rejected.value.errors}
    assert set(lines) == {5, 6}
    for fragment in ("family_name", "not a valid address", "status 'retired'", "YYYY-MM-DD"):
        assert fragment in lines[5]
    assert "repeats line 2" in lines[6]
    assert not Member.objects.exists()
    assert not AuditEntry.objects.filter(verb="member.import").exists()


def test_a_file_without_the_required_columns_is_refused(administrator: User) -> None:
    with pytest.raises(MemberImportRejected) as rejected:
        members_import_csv(administrator, text="name,email\nAlice,a@example.org\n")
    assert "Missing column(s)" in rejected.value.errors[0].message


def test_a_handle_owned_by_another_member_is_refused(administrator: User) -> None:
    members_import_csv(administrator, text=GOOD)
    clash = HEADER + "M-20,Eve,Adams,,active,2024-01-01,,bluesky:priya.bsky.social\n"
    with pytest.raises(MemberImportRejected) as rejected:
        members_import_csv(administrator, text=clash)
    assert "belongs to member M-10" in rejected.value.errors[0].message


def test_reimporting_updates_existing_members(administrator: User) -> None:
    members_import_csv(administrator, text=GOOD)
    result = members_import_csv(
        administrator, text=HEADER + "M-12,Jo,Brennan,,lapsed,2020-01-01,,\n"
    )
    assert (result.created, result.updated) == (0, 1)
    assert Member.objects.get(membership_number="M-12").status == MembershipStatus.LAPSED


def test_only_administrators_import(caseworker: User) -> None:
    with pytest.raises(NotPermitted):
        members_import_csv(caseworker, text=GOOD)


def test_the_command_imports_a_file(tmp_path: Path, db: None) -> None:
    path = tmp_path / "register.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_members", str(path), stdout=out, stderr=StringIO())
    assert "Imported 3 new and 0 updated members" in out.getvalue()
    assert Member.objects.count() == 3


def test_the_command_reports_row_errors_and_imports_nothing(tmp_path: Path, db: None) -> None:
    path = tmp_path / "register.csv"
    path.write_text(GOOD + "M-99,,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No members were imported: line 5: ") as refused:
        call_command("import_members", str(path), stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 2
    assert not Member.objects.exists()


def test_the_command_refuses_a_file_that_is_not_utf8(tmp_path: Path, db: None) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(HEADER.encode() + b"M-1,Jos\xe9,Garc\xeda,,,2020-01-01,,\n")
    with pytest.raises(CommandError, match="not UTF-8") as refused:
        call_command("import_members", str(path))
    assert refused.value.returncode == 2
    assert not Member.objects.exists()


def refused_import(path: Path, *args: str) -> CommandError:
    """Run the command on `path`; it must refuse with exit status 2 and import no one."""
    members_before = Member.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("import_members", str(path), *args, stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 2
    assert "\n" not in str(refused.value)
    assert Member.objects.count() == members_before
    assert not AuditEntry.objects.filter(verb="member.import").exists()
    return refused.value


def test_the_command_refuses_a_missing_file(tmp_path: Path, db: None) -> None:
    refusal = refused_import(tmp_path / "nowhere.csv")
    assert str(refusal) == f"No members were imported: {tmp_path / 'nowhere.csv'} does not exist."


def test_the_command_refuses_a_folder(tmp_path: Path, db: None) -> None:
    assert "is a folder, not a file" in str(refused_import(tmp_path))


def test_the_command_refuses_a_file_that_is_not_csv(tmp_path: Path, db: None) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00IHDR")
    assert "is not a CSV text file (it holds binary data)" in str(refused_import(path))


def test_the_command_refuses_an_empty_file(tmp_path: Path, db: None) -> None:
    path = tmp_path / "register.csv"
    path.write_text("", encoding="utf-8")
    assert "line 1: the file is empty; expected the header membership_number," in str(
        refused_import(path)
    )


def test_the_command_refuses_a_file_with_the_wrong_columns(tmp_path: Path, db: None) -> None:
    path = tmp_path / "register.csv"
    path.write_text("name,email\nAlice,a@example.org\n", encoding="utf-8")
    refusal = str(refused_import(path))
    assert refusal.startswith("No members were imported: line 1: Missing column(s): ")
    assert "membership_number" in refusal


def test_the_command_refuses_a_file_the_csv_reader_cannot_parse(tmp_path: Path, db: None) -> None:
    path = tmp_path / "register.csv"
    path.write_text(HEADER + 'M-1,"Jo' + "x" * 200_000 + '",B,,,2020-01-01,,\n')
    assert "is not readable as CSV" in str(refused_import(path))


def test_the_command_names_the_first_bad_line_and_counts_the_rest_all_or_nothing(
    tmp_path: Path, db: None
) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        GOOD + 'M-13,Alex,Lee,not-an-email,,2020-01-01,,\nM-14,Kim,"Two\nLines",,,bad,,\n'
    )
    refusal = str(refused_import(path))
    assert refusal.startswith("No members were imported: line 5: email 'not-an-email' is not")
    assert refusal.endswith("(and 1 more line(s) to correct; -v 2 lists them)")


def test_the_command_lists_every_bad_line_when_asked(tmp_path: Path, db: None) -> None:
    path = tmp_path / "register.csv"
    path.write_text(GOOD + "M-13,,Lee,,,2020-01-01,,\nM-14,Kim,Ng,,,bad,,\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_members", str(path), verbosity=2, stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "line 5: given_name is required (at most 100 characters)",
        "line 6: joined_on must be a date written YYYY-MM-DD",
    ]


@pytest.mark.slow
def test_manage_py_exits_with_status_2_and_one_line_on_a_bad_register(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00 a zip file, not a register")
    done = run_manage(tmp_path, "import_members", str(path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"CommandError: No members were imported: {path} is not a CSV text file "
        "(it holds binary data)."
    ]
    assert done.stdout == ""


def test_the_staff_page_shows_row_errors_and_writes_nothing(
    client: Client, administrator: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("r.csv", (GOOD + "M-1,<script>x</script>,,,,,,\n").encode())
    response = signed_in(client, administrator).post(
        reverse("accounts:staff_members"), {"file": upload}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Line 5" in body
    assert "<script>x</script>" not in body
    assert not Member.objects.exists()


def test_the_staff_page_refuses_binary_files(client: Client, administrator: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("r.csv", b"\x89PNG\r\n\x1a\n\x00\x00")
    response = signed_in(client, administrator).post(
        reverse("accounts:staff_members"), {"file": upload}
    )
    assert response.status_code == 400
    assert "not a CSV text file" in response.content.decode()


def test_the_staff_page_imports_a_good_file(client: Client, administrator: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("r.csv", GOOD.encode())
    response = signed_in(client, administrator).post(
        reverse("accounts:staff_members"), {"file": upload}, follow=True
    )
    assert "Imported: 3 new, 0 updated" in response.content.decode()
