"""Every case id of the FSC test suite files we read is a test in this package or listed as not applicable."""

import importlib

from tests.node.conformance.suite import CASES, NOT_APPLICABLE, SUITE_COMMITS, case_test_name

MODULES = {component: f"tests.node.conformance.test_{component}" for component in CASES}


def test_every_case_of_the_suite_is_a_test_or_not_applicable():
    assert set(SUITE_COMMITS) == {f"{component}.md" for component in CASES}
    for component, ids in CASES.items():
        module = importlib.import_module(MODULES[component])
        tests = {name for name in dir(module) if name.startswith("test_") and callable(getattr(module, name))}
        for case in ids:
            assert (case_test_name(case) in tests) != (case in NOT_APPLICABLE), case
            if case in NOT_APPLICABLE:
                assert NOT_APPLICABLE[case].strip(), case
        # and no test claims a case the suite does not have
        assert tests <= {case_test_name(case) for case in ids}, tests - {case_test_name(case) for case in ids}
    assert set(NOT_APPLICABLE) <= {case for ids in CASES.values() for case in ids}
    assert sum(len(ids) for ids in CASES.values()) == 8 + 13 + 6 + 39
