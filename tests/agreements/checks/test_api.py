"""The ADR lint of OpenAPI documents: real documents through the real Spectral and ruleset, fetched from a
real local HTTPS server. Spectral takes a second or two to start, so each group of documents is linted in
one run (a module fixture) and the tests read the results."""

import http.server
import json
import socket
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.agreements.servers import answer, make_pki, serve, silent_port
from thorbecke.agreements.checks import api
from thorbecke.agreements.checks.api import check_api, check_apis, lint_openapi, lint_openapis

HERE = Path(__file__).parent / "openapi"
HUB_DOCUMENT = Path(settings.REPO_ROOT) / "docs" / "api" / "openapi-v1.json"
LINTED = ["good.yaml", "bad-versioning.json", "bad-paths.yaml"]


def document(name: str) -> bytes:
    return (HERE / name).read_bytes()


@pytest.fixture(scope="module")
def spectral():
    """The real Spectral: node_modules/.bin/spectral, or THORBECKE_SPECTRAL from the environment (the setting)."""
    path = Path(settings.THORBECKE_SPECTRAL)
    if not path.exists():
        pytest.skip(f"Spectral is not installed at {path}: `make setup` installs it with npm ci")
    return path


@pytest.fixture(scope="module")
def linted(spectral):
    """The fixture documents and the hub's own, in one Spectral run."""
    pairs = [(document(name), name) for name in LINTED] + [(HUB_DOCUMENT.read_bytes(), "hub")]
    results = lint_openapis(pairs)
    return dict(zip([*LINTED, "hub"], results, strict=True))


def rules(lines: list[str]) -> set[str]:
    return {line.split(" ")[0].rstrip(":") for line in lines}


def test_an_adr_compliant_document_passes_without_warnings(linted):
    result = linted["good.yaml"]
    assert (result.check, result.verdict, result.problems) == ("api-design", "pass", [])
    assert result.evidence["openapi"] == "3.0.3" and result.evidence["api_version"] == "1.2.0"
    assert result.evidence["warnings"] == [] and result.evidence["errors"] == 0


def test_versioning_rules_fail_with_the_rule_path_and_message(linted):
    result = linted["bad-versioning.json"]
    assert result.verdict == "fail"
    assert result.evidence["rules_failed"] == ["/core/semver", "/core/uri-version", "/core/version-header"]
    assert "/core/semver at info.version: info.version 1.0 is not a semantic version (major.minor.patch)" in (
        result.problems
    )
    assert (
        "/core/uri-version at servers[0].url: Put the major version (/v1) in the servers url: "
        "https://api.gemeente.example/registraties"
    ) in result.problems
    # The 200 has no headers at all, the 304 has headers but not API-Version: both are caught.
    missing = [p for p in result.problems if p.startswith("/core/version-header")]
    assert [p.split(":")[0] for p in missing] == [
        "/core/version-header at paths['/v1/registraties'].get.responses[200]",
        "/core/version-header at paths['/v1/registraties'].get.responses[304].headers",
    ]
    # The version in the path is a warning: the ADR's own test looks at the servers only.
    assert rules(result.evidence["warnings"]) == {"/core/uri-version:paths"}


def test_path_and_transport_rules_fail_and_adr_21_rules_warn(linted):
    result = linted["bad-paths.yaml"]
    assert result.verdict == "fail"
    assert result.evidence["rules_failed"] == [
        "/core/doc-openapi",
        "/core/http-methods",
        "/core/no-trailing-slash",
        "/core/transport/tls",
    ]
    where = {p.split(": ")[0] for p in result.problems}
    assert where == {
        "/core/transport/tls at servers[0].url",
        "/core/no-trailing-slash at paths['/meldingen/']",
        "/core/http-methods at paths['/meldingen/'].head",
        "/core/doc-openapi (path-params) at paths['/meldingen/{id}/openbareRuimte'].get",
    }
    assert "/core/no-trailing-slash at paths['/meldingen/']: Leave off the trailing slash: /meldingen/" in (
        result.problems
    )
    assert rules(result.evidence["warnings"]) == {
        "/core/doc-openapi-contact",
        "/core/path-segments-kebab-case",
        "/core/query-keys-camel-case",
        "/core/naming-resources",
    }
    assert result.evidence["findings_by_code"]["/core/path-segments-kebab-case"] == 1


def test_the_hubs_own_document_is_measured_and_every_finding_names_an_adr_rule(linted):
    result = linted["hub"]
    assert result.verdict in ("pass", "fail") and result.evidence["openapi"].startswith("3.")
    assert all(line.startswith("/core/") for line in result.problems + result.evidence["warnings"])


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("invalid.yaml", "could not measure: the document is neither JSON nor YAML: expected ',' or ']', but got ':'"),
        ("not-openapi.json", "could not measure: the document is not an OpenAPI document (no openapi field)"),
        ("external-ref.yaml", "could not measure: the document refers to other files or URLs (paths/dingen.yaml)"),
    ],
    ids=["invalid-yaml", "not-openapi", "external-ref"],
)
def test_what_cannot_be_read_is_not_measured_and_never_passes(name, reason):
    result = lint_openapi(document(name), name)
    assert result.verdict == "error" and result.problems[0].startswith(reason)
    assert result.evidence["source"] == name


def reason(result) -> str:
    assert result.verdict == "error"
    return result.problems[0].removeprefix("could not measure: ")


def test_documents_that_are_not_openapi_3_objects():
    assert reason(lint_openapi('{"openapi": "3.0.3", ', "x")).startswith("the document is not valid JSON")
    assert reason(lint_openapi("- a\n- b\n", "x")) == "the document is a list, not an OpenAPI object"
    assert reason(lint_openapi(b"\xff\xfe\x00", "x")).startswith("the document is not UTF-8")
    assert reason(lint_openapi("openapi: 2.5\n", "x")) == "the document is not OpenAPI 3 (openapi: 2.5)"
    swagger = lint_openapi(document("swagger2.json"), "swagger2.json")
    assert (swagger.verdict, swagger.problems) == (
        "fail",
        ["/core/doc-openapi: the document is Swagger (OpenAPI) 2.0; the rule asks for OpenAPI 3"],
    )


def test_an_alias_bomb_is_read_without_blowing_up():
    lines = ["openapi: 3.0.3", "a0: &a0 {$ref: '#/x'}"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    bomb = "\n".join([*lines, "b: [*a29, {$ref: 'https://elders.example/x.yaml'}]"])
    result = lint_openapi(bomb, "bomb")
    assert result.verdict == "error" and "https://elders.example/x.yaml" in result.problems[0]


# Fails whenever it gets more than one document; alone, each one is clean (its findings are []).
SPECTRAL_ONE_AT_A_TIME = """
out=""; n=0
while [ $# -gt 0 ]; do
  case "$1" in --output) out="$2"; shift;; *document-*) n=$((n+1));; esac
  shift
done
[ "$n" -gt 1 ] && exit 2
echo "[]" > "$out"
"""


def fake_spectral(folder: Path, body: str) -> Path:
    script = folder / "spectral"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


def test_without_spectral_nothing_passes(settings, tmp_path):
    settings.THORBECKE_SPECTRAL = str(tmp_path / "absent")
    result = lint_openapi(document("good.yaml"), "good.yaml")
    assert result.verdict == "error"
    assert result.problems[0].startswith("could not measure: Spectral is not installed")


def test_spectral_that_breaks_or_hangs_gives_could_not_measure(settings, tmp_path, monkeypatch):
    settings.THORBECKE_SPECTRAL = str(fake_spectral(tmp_path, "echo 'Error running Spectral!' >&2; exit 2"))
    result = lint_openapi(document("good.yaml"), "good.yaml")
    assert result.problems == ["could not measure: Spectral failed (exit 2): Error running Spectral!"]
    monkeypatch.setattr(api, "SPECTRAL_TIMEOUT", 0.2)
    settings.THORBECKE_SPECTRAL = str(fake_spectral(tmp_path, "exec sleep 30"))
    assert lint_openapi(document("good.yaml"), "good.yaml").problems == [
        "could not measure: Spectral did not finish within 0.2 s"
    ]


def test_a_document_spectral_does_not_recognise_is_never_a_pass(settings, tmp_path):
    # No rule ran, so there are no errors: that must not read as compliant.
    finding = '[{"code": "unrecognized-format", "path": [], "message": "?", "severity": 1, "source": "%s"}]'
    body = f"""for last; do :; done; printf '{finding}' "$last" > findings.json"""
    settings.THORBECKE_SPECTRAL = str(fake_spectral(tmp_path, body))
    result = lint_openapi(document("good.yaml"), "good.yaml")
    assert reason(result) == "Spectral did not recognise the document as OpenAPI 3"


def test_a_document_that_breaks_a_batch_is_linted_on_its_own(settings, tmp_path):
    settings.THORBECKE_SPECTRAL = str(fake_spectral(tmp_path, SPECTRAL_ONE_AT_A_TIME))
    results = lint_openapis([(document("good.yaml"), "one"), (document("bad-versioning.json"), "two")])
    assert [(r.verdict, r.evidence["source"]) for r in results] == [("pass", "one"), ("pass", "two")]


# Fetching over HTTPS: one local server plays several organisations' APIs.


def json_document(name: str, server: str) -> bytes:
    parsed = yaml.safe_load(document(name))
    parsed["servers"] = [{"url": server}]
    return json.dumps(parsed).encode()


def api_site(port_box: list[int]):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            base = f"https://localhost:{port_box[0]}"
            cors = {"Access-Control-Allow-Origin": "*"}
            routes = {
                "/v1/openapi.json": (200, json_document("good.yaml", f"{base}/v1"), cors),
                "/yaml/v1/openapi.yaml": (200, document("good.yaml"), cors),
                "/closed/openapi.json": (200, document("bad-versioning.json"), {}),
                "/private/openapi.json": (401, b"{}", cors),
                "/moved": (301, b"", {"Location": "/v1/openapi.json"}),
            }
            status, body, headers = routes.get(self.path, (404, b"not found", {}))
            answer(self, status, headers, body)

    return Handler


@pytest.fixture(scope="module")
def fetched(spectral, tmp_path_factory):
    """Every answer the hub can get, fetched and linted in one go."""
    pki = make_pki(tmp_path_factory.mktemp("pki"))
    box: list[int] = []
    port, server = serve(api_site(box), pki["good"])
    box.append(port)
    expired, expired_server = serve(api_site(box), pki["expired"])
    refused_socket = socket.socket()
    refused_socket.bind(("127.0.0.1", 0))
    refused = refused_socket.getsockname()[1]
    refused_socket.close()  # nothing listens there any more: the connection is refused at once
    hanging, listener = silent_port()
    base = f"https://localhost:{port}"
    urls = {
        "good": f"{base}/v1/openapi.json",
        "yaml": f"{base}/yaml/v1/openapi.yaml",
        "closed": f"{base}/closed/openapi.json",
        "private": f"{base}/private/openapi.json",
        "moved": f"{base}/moved",
        "missing": f"{base}/v2/openapi.json",
        "expired": f"https://localhost:{expired}/v1/openapi.json",
        "refused": f"https://localhost:{refused}/v1/openapi.json",
        "hanging": f"https://localhost:{hanging}/v1/openapi.json",
        "plain": f"http://localhost:{port}/v1/openapi.json",
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api, "TIMEOUT", 0.5)
        results = check_apis(list(urls.values()), ca_file=str(pki["ca"]))
    listener.close()
    server.shutdown()
    expired_server.shutdown()
    return dict(zip(urls, results, strict=True)) | {"base": base, "ca": str(pki["ca"])}


def test_a_published_compliant_document_passes(fetched):
    result = fetched["good"]
    assert (result.verdict, result.problems, result.evidence["warnings"]) == ("pass", [], [])
    assert result.evidence["access_control_allow_origin"] == "*"
    moved = fetched["moved"]
    assert moved.verdict == "pass" and moved.evidence["final_url"] == f"{fetched['base']}/v1/openapi.json"


def test_publication_rules_from_the_answer(fetched):
    closed = fetched["closed"]
    assert closed.verdict == "fail"
    assert closed.problems[0] == (
        "/core/publish-openapi: browsers on other sites cannot read the document "
        "(no Access-Control-Allow-Origin header)"
    )
    assert {"/core/publish-openapi", "/core/semver", "/core/version-header"} <= set(closed.evidence["rules_failed"])
    assert closed.evidence["warnings"][0].startswith("/core/publish-openapi: the document is not at the standard place")
    yaml_only = fetched["yaml"]
    assert yaml_only.verdict == "pass"  # the base path differs and YAML is allowed too: warnings, not failures
    assert yaml_only.evidence["warnings"][0] == (
        "/core/publish-openapi: the document is YAML; at least openapi.json must be offered"
    )
    private = fetched["private"]
    assert (private.verdict, private.problems) == (
        "fail",
        ["/core/publish-openapi: the document needs authentication (HTTP 401)"],
    )


def test_unreachable_missing_and_insecure_documents_are_not_measured(fetched):
    expected = {
        "missing": f"could not measure: {fetched['base']}/v2/openapi.json answers HTTP 404",
        "expired": "could not measure: the certificate does not verify: certificate has expired",
        "refused": "could not measure: the connection failed",
        "hanging": "could not measure: no answer within 0.5 s",
        "plain": "could not measure: http://localhost:",
    }
    for key, reason in expected.items():
        assert fetched[key].verdict == "error", key
        assert fetched[key].problems[0].startswith(reason), (key, fetched[key].problems)


def test_a_host_that_does_not_resolve_is_not_measured():
    assert reason(check_api("https://gemeente.invalid/v1/openapi.json")).startswith("gemeente.invalid does not resolve")
