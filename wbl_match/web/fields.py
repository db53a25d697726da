"""Form fields shared by the role blueprints."""
from __future__ import annotations

from collections.abc import Iterable

import math
from decimal import Decimal
from typing import Any, Callable

from wtforms import DecimalField, FloatField, SelectMultipleField, StringField
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from wbl_match.domain.certifications import (
    MAX_COUNT, MAX_LENGTH, is_common, normalise_certification, split_certifications,
)


class ByRule:
    """A WTForms validator from a rule of ``wbl_match.domain`` (a function giving a message or None), so a form
    refuses exactly what the API, the import and the services refuse, in the same words. ``convert`` turns the
    field's data into the rule's unit first (dollars to cents)."""

    def __init__(self, problem: Callable[[Any], str | None], convert: Callable[[Any], Any] | None = None) -> None:
        self.problem, self.convert = problem, convert

    def __call__(self, form, field) -> None:
        if field.data is None:
            return
        message = self.problem(self.convert(field.data) if self.convert else field.data)
        if message:
            raise ValidationError(message)


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (easier on a phone than a multi-select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OtherCertificationsField(StringField):
    """Certifications the checkboxes do not offer, typed separated by commas.

    Only the size of the text is checked here; each name is checked by the services' certification rule.
    """

    def __init__(self, label: str, **kwargs) -> None:
        longest = MAX_COUNT * (MAX_LENGTH + 2)
        super().__init__(label, validators=[Optional(), Length(max=longest, message=(
            f"Too long: list at most {MAX_COUNT} certifications of up to {MAX_LENGTH} characters each."))], **kwargs)

    def names(self) -> list[str]:
        return split_certifications(self.data)


def split_common(names: Iterable[str] | None) -> tuple[list[str], str]:
    """A record's certifications as the form shows them: common ones for the checkboxes, the others as text."""
    normal = [normalise_certification(name) for name in names or ()]
    return [n for n in normal if is_common(n)], ", ".join(n for n in normal if n and not is_common(n))


NOT_A_NUMBER = "Enter a number like 17.50 (not NaN, Infinity or a huge exponent)."
#: Digits before the decimal point that a number field accepts; beyond, no value of any field fits.
MAX_WHOLE_DIGITS = 12


class FiniteDecimalField(DecimalField):
    """A decimal number that is finite and of a sensible size: ``NaN``, ``sNaN``, ``Infinity`` and ``1e999999``
    are refused with a message beside the field (Python's Decimal reads them all)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, Decimal) and (not self.data.is_finite() or self.data.adjusted() >= MAX_WHOLE_DIGITS
                                               or self.data.adjusted() < -MAX_WHOLE_DIGITS and self.data != 0):
            self.data = None
            raise ValueError(self.gettext(NOT_A_NUMBER))


class FiniteFloatField(FloatField):
    """A floating-point number that is finite (``nan``, ``inf`` and ``1e999999`` are refused beside the field)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, float) and not math.isfinite(self.data):
            self.data = None
            raise ValueError(self.gettext(NOT_A_NUMBER))
