from __future__ import annotations

import pytest
from django.db import connection

from upstander.reports.errors import ReceiptGuessingThrottled, ReceiptNotRecognised
from upstander.reports.models import Report
from upstander.reports.receipts import receipt_display
from upstander.reports.services import report_for_receipt, report_submit


def _anonymous_report() -> tuple[Report, str]:
    submitted = report_submit(
        None, target_kind="myself", platform="x", what_happened="Threats in my replies."
    )
    assert submitted.receipt_code is not None
    return submitted.report, submitted.receipt_code


@pytest.mark.django_db
def test_the_receipt_opens_its_report_in_any_spacing():
    report, code = _anonymous_report()
    assert report_for_receipt(code=code, client="1.2.3.4") == report
    assert report_for_receipt(code=receipt_display(code), client="1.2.3.4") == report
    assert len(receipt_display(code).split()) == 6


@pytest.mark.django_db
def test_the_receipt_is_not_stored_in_plain_text():
    report, code = _anonymous_report()
    secret = code[8:]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM reports_report WHERE id = %s", [report.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert code not in row
    assert secret not in row
    assert report.receipt_hash.startswith("receipt_pbkdf2_sha256$")


@pytest.mark.django_db
def test_a_wrong_receipt_is_not_recognised():
    code = _anonymous_report()[1]
    wrong = code[:8] + ("0" if code[8] != "0" else "1") + code[9:]
    with pytest.raises(ReceiptNotRecognised):
        report_for_receipt(code=wrong, client="1.2.3.4")
    with pytest.raises(ReceiptNotRecognised):
        report_for_receipt(code="1234", client="1.2.3.4")


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
def test_guessing_receipts_is_throttled_even_for_the_right_code_afterwards():
    code = _anonymous_report()[1]
    for attempt in range(10):
        with pytest.raises(ReceiptNotRecognised):
            report_for_receipt(code=f"{attempt:024d}", client="6.6.6.6")
    with pytest.raises(ReceiptGuessingThrottled):
        report_for_receipt(code=code, client="6.6.6.6")
    # Someone else, elsewhere, is not locked out.
    assert report_for_receipt(code=code, client="1.2.3.4")


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
def test_guessing_one_report_from_many_addresses_is_throttled():
    code = _anonymous_report()[1]
    for attempt in range(10):
        with pytest.raises(ReceiptNotRecognised):
            report_for_receipt(code=code[:8] + f"{attempt:016d}", client=f"10.0.0.{attempt}")
    with pytest.raises(ReceiptGuessingThrottled):
        report_for_receipt(code=code[:8] + "9" * 16, client="10.0.1.1")


@pytest.mark.usefixtures("one_rate_limit_window")
@pytest.mark.django_db
def test_wrong_codes_for_one_receipt_do_not_lock_out_another_receipts_reporter():
    attacked = _anonymous_report()[1]
    report, code = _anonymous_report()
    for attempt in range(12):
        with pytest.raises((ReceiptNotRecognised, ReceiptGuessingThrottled)):
            report_for_receipt(code=attacked[:8] + f"{attempt:016d}", client=f"10.0.0.{attempt}")
    with pytest.raises(ReceiptGuessingThrottled):
        report_for_receipt(code=attacked[:8] + "9" * 16, client="10.0.1.1")
    assert report_for_receipt(code=code, client="10.0.1.1") == report


@pytest.mark.django_db
def test_a_reporter_who_comes_back_often_is_never_throttled():
    report, code = _anonymous_report()
    for _ in range(15):
        assert report_for_receipt(code=code, client="1.2.3.4") == report
