"""A node's configuration is refused with the file and the reason before anything starts."""

import json

import pytest

from thorbecke.node.config import NodeConfig

BASE = {"group_id": "g", "name": "n", "certificate": "c", "key": "k", "ca": "a", "crl": "r"}


def _load(tmp_path, **extra):
    path = tmp_path / "node.json"
    path.write_text(json.dumps({**BASE, **extra}))
    return NodeConfig.load(path)


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"services": {"x": {"builtin": "nope"}}}, "no built-in service 'nope'"),
        ({"services": {"x": {"url": "ftp://source"}}}, "needs an http:// url"),
        ({"services": {"brp": {"builtin": "brp-personen"}}}, "'brp' serves a population"),
        ({"services": {"inkomen": {"builtin": "inkomen"}}, "population": "missing"}, "is not a folder"),
    ],
)
def test_a_bad_configuration_is_refused_with_the_reason(tmp_path, extra, says):
    with pytest.raises(ValueError, match=says):
        _load(tmp_path, **extra)


def test_a_configuration_without_a_required_field_is_refused(tmp_path):
    path = tmp_path / "node.json"
    path.write_text(json.dumps({k: v for k, v in BASE.items() if k != "crl"}))
    with pytest.raises(ValueError, match="missing crl"):
        NodeConfig.load(path)


def test_a_population_is_relative_to_the_configuration(tmp_path):
    (tmp_path / "population").mkdir()
    config = _load(tmp_path, services={"brp": {"builtin": "brp-personen"}}, population="population")
    assert config.population == tmp_path / "population"


def test_the_old_single_anchor_configuration_is_still_read(tmp_path):
    config = _load(tmp_path)
    assert config.anchors == [tmp_path / "a"]
    assert config.crls == [tmp_path / "r"]


def test_several_trust_anchors_and_a_crl_per_issuing_ca(tmp_path):
    path = tmp_path / "node.json"
    raw = {k: v for k, v in BASE.items() if k not in ("ca", "crl")}
    raw |= {"trust_anchors": ["g1.pem", "g2.pem"], "crls": ["g1.crl", "issuing-g1.crl", "g2.crl"]}
    path.write_text(json.dumps(raw))
    config = NodeConfig.load(path)
    assert config.anchors == [tmp_path / "g1.pem", tmp_path / "g2.pem"]
    assert config.crls == [tmp_path / "g1.crl", tmp_path / "issuing-g1.crl", tmp_path / "g2.crl"]


def test_a_configuration_without_a_trust_anchor_is_refused(tmp_path):
    path = tmp_path / "node.json"
    path.write_text(json.dumps({k: v for k, v in BASE.items() if k != "ca"} | {"trust_anchors": []}))
    with pytest.raises(ValueError, match="trust_anchors"):
        NodeConfig.load(path)
