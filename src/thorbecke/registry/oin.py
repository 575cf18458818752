"""The OIN as a model field validates it: the node's structural check, said in the page's language."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thorbecke.node.oin import InvalidOIN, check_oin

# The OIN system's range for tests: the demo derives its nodes' OINs in it from their codes.
TEST_OIN_PREFIX = "00000099"


def validate_oin(value: str) -> None:
    """Raise ValidationError unless value is a well-formed OIN with a known prefix."""
    try:
        check_oin(value)
    except InvalidOIN as exc:
        messages = {
            "oin_length": (_("An OIN has exactly 20 positions; this one has %(length)d."), {"length": len(value)}),
            "oin_shape": (
                _("An OIN is an 8-digit prefix, a main number of digits or capital letters and a suffix of zeros."),
                None,
            ),
            "oin_prefix": (_("The prefix %(prefix)s is not in the OIN prefix table."), {"prefix": value[:8]}),
        }
        message, params = messages[exc.code]
        raise ValidationError(message, code=exc.code, params=params) from None
