"""No pages of its own: evidence is opened through a case (cases.views), which checks
need-to-know and audits the opening."""

from __future__ import annotations
