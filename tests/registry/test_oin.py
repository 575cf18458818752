import pytest
from django.core.exceptions import ValidationError

from thorbecke.registry.oin import validate_oin


@pytest.mark.parametrize(
    "oin",
    [
        "00000001001589623000",  # RSIN-based: 9-digit number, suffix 000
        "00000003273123450000",  # KVK-based: 8-digit number, suffix 0000
        "00000004194049711000",  # SubOIN
        "0000000700025BE00000",  # BRIN numbers may hold letters
        "00000099123456789000",  # test OIN
    ],
)
def test_well_formed_oins_with_known_prefixes_pass(oin):
    validate_oin(oin)


@pytest.mark.parametrize(
    ("oin", "code"),
    [
        ("0000000100158962300", "oin_length"),
        ("000000010015896230000", "oin_length"),
        ("00000001001589623001", "oin_shape"),  # suffix must be zeros
        ("0000000A001589623000", "oin_shape"),  # prefix is digits
        ("00000001001589623ab0", "oin_shape"),
        ("00000005001589623000", "oin_prefix"),  # reserved, not assigned
        ("12345678001589623000", "oin_prefix"),
    ],
)
def test_malformed_or_unknown_oins_are_refused_with_a_reason(oin, code):
    with pytest.raises(ValidationError) as info:
        validate_oin(oin)
    assert info.value.code == code
