"""A demo group comes to trust another root (PKIoverheid-shaped) and lets a service serve another purpose: written
in each node.json, read by NodeConfig; only the nodes whose file changed are marked for a restart."""

import json

from thorbecke.demo.group import Group
from thorbecke.exchange import enrolment
from thorbecke.node.config import NodeConfig, rewrite
from thorbecke.node.pki import load_chain, pkioverheid_chain

PURPOSE = "https://example.org/activities/gm0307/kwijtschelding"


def test_a_group_trusts_another_root_and_a_node_it_issues_joins(tmp_path):
    group = Group(tmp_path / "group")
    try:
        group.add("a", "Organisatie A", enrolment.test_oin("a"), {"logboek": {"builtin": "logboek"}})
        group.add("b", "Organisatie B", enrolment.test_oin("b"))

        # a node.json from before there were several anchors names one "ca" and one "crl"
        def before_lists(raw: dict) -> dict:
            return {**raw, "ca": raw.pop("trust_anchors")[0], "crl": raw.pop("crls")[0]}

        rewrite(group.nodes["b"].config, before_lists)
        root, issuing = pkioverheid_chain(tmp_path / "pkioverheid")

        group.trust(root.certificate_path, [root.crl_path, issuing.crl_path])
        group.trust(root.certificate_path, [root.crl_path, issuing.crl_path])  # twice is once
        group.allow("a", "logboek", PURPOSE)
        for key in ("a", "b"):
            config = NodeConfig.load(group.nodes[key].config)
            assert config.anchors == [group.anchor.certificate_path, root.certificate_path]
            assert config.crls == [group.anchor.crl_path, root.crl_path, issuing.crl_path]
        assert NodeConfig.load(group.nodes["a"].config).services["logboek"].allowed_purposes == (PURPOSE,)
        assert group._changed == {"a", "b"}
        group.restart_changed()  # neither runs: nothing to restart, nothing left marked
        assert group._changed == set()

        newcomer = group.add("c", "Gemeente Amersfoort", enrolment.test_oin("gm0307"), issuer=issuing)
        _, *intermediates = load_chain(newcomer.folder / "node.pem")
        assert intermediates == [issuing.certificate]
        assert NodeConfig.load(newcomer.config).anchors == [group.anchor.certificate_path, root.certificate_path]
        assert set(json.loads(group.nodes["a"].config.read_text())["peers"]) == {
            group.nodes["b"].peer_id,
            newcomer.peer_id,
        }
    finally:
        group.stop()
