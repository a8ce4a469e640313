"""Which account a person named when connecting one: by its id, or its handle, @ or not."""

from __future__ import annotations

import pytest

from upstander.monitoring.connect import _is_named
from upstander.platforms.types import Account

PAGE = Account(platform="facebook", id="1042", handle="CllrPriyaPatel")


@pytest.mark.parametrize("given", ["1042", "cllrpriyapatel", " @CllrPriyaPatel "])
def test_an_account_is_named_by_its_id_or_its_handle_with_or_without_the_at(given: str) -> None:
    assert _is_named(PAGE, given)


@pytest.mark.parametrize("given", ["", "104", "@cllrpriya", "someone_else"])
def test_another_name_is_not_the_account(given: str) -> None:
    assert not _is_named(PAGE, given)
