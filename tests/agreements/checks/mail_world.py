"""A real authoritative DNS server on 127.0.0.1 for the mail and DNSSEC checks: test zones under "test.", signed
with keys made here; the trust anchor is the test zone's DS."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from tests.agreements.dns_server import AuthoritativeServer, ds_text, make_key, make_zone, sign, txt
from thorbecke.agreements.checks.mail.resolver import Resolver


def spki(public_key: object) -> str:
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


RSA_2048 = spki(rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key())
RSA_512 = spki(rsa.RSAPublicNumbers(65537, 2**511 + 1111).public_key())  # a weak key cannot be generated
ED25519 = base64.b64encode(
    ed25519.Ed25519PrivateKey.generate()
    .public_key()
    .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
).decode()

# What each mail zone publishes, as zone-file lines relative to the zone.
MAIL_ZONES = {
    "good.test.": f"""
@ MX 10 mail
@ TXT "v=spf1 ip4:192.0.2.0/24 mx include:_spf.good.test -all"
@ TXT "google-site-verification=abc123"
mail A 192.0.2.25
_spf TXT "v=spf1 ip6:2001:db8::/32 ~all"
_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@good.test"
sel1._domainkey TXT {txt("v=DKIM1; k=rsa; p=" + RSA_2048)}
ed._domainkey TXT {txt("v=DKIM1; k=ed25519; p=" + ED25519)}
old._domainkey TXT "v=DKIM1; p="
weak._domainkey TXT {txt("v=DKIM1; p=" + RSA_512)}
alias._domainkey CNAME sel1._domainkey
""",
    "pnone.test.": """
@ MX 10 mail
@ TXT "v=spf1 mx ~all"
mail A 192.0.2.26
_dmarc TXT "v=DMARC1; p=none; rua=mailto:dmarc@pnone.test"
""",
    "plusall.test.": """
@ MX 10 mail.good.test.
@ TXT "v=spf1 +all"
_dmarc TXT "v=DMARC1; p=quarantine"
s1._domainkey TXT "v=DKIM1; p=MIIB"
""",
    "lookups.test.": """
@ TXT "v=spf1 a mx ptr exists:%{i}.e.lookups.test include:i1.lookups.test -all"
i1 TXT "v=spf1 a mx a:x.lookups.test include:i2.lookups.test ~all"
i2 TXT "v=spf1 a mx ~all"
_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@lookups.test"
""",
    "ten.test.": """
@ TXT "v=spf1 a mx include:i1.ten.test -all"
i1 TXT "v=spf1 a mx ptr exists:x.ten.test include:i2.ten.test ~all"
i2 TXT "v=spf1 a mx -all"
""",
    "redirect.test.": """
@ TXT "v=spf1 redirect=_spf.redirect.test"
_spf TXT "v=spf1 ip4:192.0.2.0/24 ?all"
""",
    "incplus.test.": """
@ TXT "v=spf1 include:open.incplus.test -all"
open TXT "v=spf1 +all"
""",
    "badinclude.test.": """
@ TXT "v=spf1 include:nothing.badinclude.test -all"
""",
    "macro.test.": """
@ TXT "v=spf1 include:%{d}.spf.macro.test -all"
""",
    "missing.test.": """
@ A 192.0.2.27
""",
    "nomail.test.": """
@ MX 0 .
@ TXT "v=spf1 -all"
_dmarc TXT "v=DMARC1; p=reject;"
""",
    "broken.test.": """
@ TXT "v=spf1 ip4:300.1.2.3 -all"
_dmarc TXT "v=DMARC1; p=sometimes"
""",
    "twospf.test.": """
@ TXT "v=spf1 -all"
@ TXT "v=spf1 ip4:192.0.2.1 -all"
_dmarc TXT "v=DMARC1; p=reject"
_dmarc TXT "v=DMARC1; p=quarantine"
""",
    "bigtxt.test.": '@ TXT "v=spf1 ip4:192.0.2.1 -all"\n'
    + "".join(f'@ TXT "verification-{n}={"x" * 240}"\n' for n in range(8)),
}


class World:
    def __init__(self) -> None:
        test_key = make_key()
        zones, delegations = [], ""
        for origin, records in MAIL_ZONES.items():
            zones.append(make_zone(origin, records))
            delegations += f"{origin} NS ns.test.\n"
        signed = {
            "good.test.": (-1, 30),
            "expired.test.": (-40, -10),
            "nods.test.": (-1, 30),
            "wrongds.test.": (-1, 30),
        }
        for origin, days in signed.items():
            key = make_key()
            zone = zones[[z.origin.to_text() for z in zones].index(origin)] if origin in MAIL_ZONES else None
            if zone is None:
                zone = make_zone(origin, "www A 192.0.2.80\n")
                zones.append(zone)
                delegations += f"{origin} NS ns.test.\n"
            sign(zone, key, days)
            if origin == "wrongds.test.":
                delegations += f"{origin} DS {ds_text(origin, make_key()[1])}\n"  # a key the zone does not use
            elif origin != "nods.test.":
                delegations += f"{origin} DS {ds_text(origin, key[1])}\n"
        parent = make_zone("test.", "ns A 127.0.0.1\n" + delegations)
        sign(parent, test_key)
        self.anchor = f"test. DS {ds_text('test.', test_key[1])}"
        self.server = AuthoritativeServer([parent, *zones])
        self.port = self.server.start()
        self.resolver = Resolver(("127.0.0.1",), self.port, 2.0, (self.anchor,))
