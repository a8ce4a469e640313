"""Blind indexes: find a row by an encrypted value without decrypting the table.

The index is HMAC-SHA256 of the normalised value under a key derived from the newest field
encryption key, so a database dump alone does not reveal the value, while an exact lookup
("the member with this email") is one indexed query. Only exact matches are possible, by design.

A new newest key changes every index: `rebuild_blind_indexes()` recomputes them, and
`manage.py rotate_field_keys` calls it once every value is under the newest key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models

# Versioned, so a change of scheme never matches indexes made by the old one.
_DERIVATION_LABEL = b"upstander blind index v1"


@cache
def _index_key(field_key: str) -> bytes:
    raw = base64.urlsafe_b64decode(field_key.encode("ascii"))
    return hmac.new(raw, _DERIVATION_LABEL, hashlib.sha256).digest()


def _newest_key() -> str:
    keys = [key.strip() for key in settings.FIELD_ENCRYPTION_KEYS if key.strip()]
    if not keys:
        raise RuntimeError("FIELD_ENCRYPTION_KEYS is empty; at least one key is needed.")
    return keys[0]


def normalise(value: str) -> str:
    """Case and surrounding spaces do not matter to a lookup (emails, names)."""
    return " ".join(value.split()).casefold()


def blind_index(purpose: str, value: str) -> str:
    """The index of `value` for one purpose (the same value gets a different index per purpose,
    so equal names and emails cannot be linked across columns). Empty stays empty."""
    plain = normalise(value)
    if not plain:
        return ""
    message = f"{purpose}\x00{plain}".encode()
    return hmac.new(_index_key(_newest_key()), message, hashlib.sha256).hexdigest()


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """The blind index of another field on the same row, kept current on every save.

    Computed like `auto_now` (in `pre_save`), so every path that saves a row (create, save,
    bulk_create) keeps it right; a queryset `.update()` of the source field does not.
    """

    description = "HMAC-SHA256 blind index of another (encrypted) field"

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def purpose(self, model: type[models.Model]) -> str:
        return f"{model._meta.label_lower}.{self.source}"

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = getattr(model_instance, self.source) or ""
        index = blind_index(self.purpose(type(model_instance)), str(value))
        setattr(model_instance, self.attname, index)
        return index


def index_for(model: type[models.Model], field_name: str, value: str) -> str:
    """The value a model's blind index column would hold for `value` (for a lookup)."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, BlindIndexField):
        raise TypeError(f"{model._meta.label}.{field_name} is not a blind index.")
    return blind_index(field.purpose(model), value)


def rebuild_blind_indexes() -> int:
    """Recompute every blind index under the newest field key; the caller's transaction.

    The index key derives from the newest key, so a key rotation changes every index: until
    they are rebuilt, look-ups by name or email find nothing.
    """
    from django.apps import apps

    total = 0
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        if not fields:
            continue
        for row in model._base_manager.all().iterator():
            fresh = {f.attname: f.pre_save(row, add=False) for f in fields}
            model._base_manager.filter(pk=row.pk).update(**fresh)
            total += 1
    return total
