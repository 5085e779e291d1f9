"""Agreement statistics: Cohen's κ, Krippendorff's α and the per-pair/per-document report."""

import math
import random

import pytest

from app.services.agreement import (
    AgreementReport,
    PairAgreement,
    agreement_report,
    cohens_kappa,
    krippendorff_alpha_nominal,
)

# Wikipedia, "Cohen's kappa", section "Simple example": 50 grant proposals read by A and B;
# 20 yes/yes, 5 A-yes/B-no, 10 A-no/B-yes, 15 no/no. p_o = 0.7, p_e = 0.5, κ = 0.4.
WIKIPEDIA_PROPOSALS = (
    [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: "Nominal
# data, any number of observers, missing values". Observers A-D (rows) x units 1-12
# (columns), None where an observer gave no value. The paper reports nominal α = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def units_from_matrix(matrix):
    """Units (column index -> labels as strings) from an observers x units matrix."""
    return {
        unit: [str(row[unit]) for row in matrix if row[unit] is not None]
        for unit in range(len(matrix[0]))
    }


def test_kappa_matches_wikipedia_worked_example():
    assert cohens_kappa(WIKIPEDIA_PROPOSALS) == pytest.approx(0.4)


def test_kappa_is_symmetric_in_the_two_raters():
    swapped = [(b, a) for a, b in WIKIPEDIA_PROPOSALS]
    assert cohens_kappa(swapped) == pytest.approx(cohens_kappa(WIKIPEDIA_PROPOSALS))


def test_kappa_is_one_for_perfect_agreement():
    pairs = [("supported", "supported"), ("disputed", "disputed"), ("outdated", "outdated")]
    assert cohens_kappa(pairs) == 1.0


def test_kappa_is_zero_when_agreement_is_at_chance_level():
    pairs = [
        ("supported", "supported"),
        ("supported", "disputed"),
        ("disputed", "supported"),
        ("disputed", "disputed"),
    ]
    assert cohens_kappa(pairs) == pytest.approx(0.0)


def test_kappa_is_minus_one_when_raters_always_swap_two_labels():
    pairs = [("supported", "disputed"), ("disputed", "supported")] * 3
    assert cohens_kappa(pairs) == pytest.approx(-1.0)


def test_kappa_is_none_without_shared_items():
    assert cohens_kappa([]) is None


def test_kappa_is_one_when_both_give_the_same_single_label_everywhere():
    assert cohens_kappa([("supported", "supported")] * 4) == 1.0


def test_alpha_matches_krippendorffs_published_nominal_example():
    alpha = krippendorff_alpha_nominal(units_from_matrix(KRIPPENDORFF_2011))
    assert round(alpha, 3) == 0.743
    # Exactly, from the coincidence matrix of this data: n = 40 pairable values, label
    # totals 9, 13, 10, 5, 3 and 32 matching pairs, so α = (39·32 − 344) / (40·39 − 344).
    assert alpha == pytest.approx((39 * 32 - 344) / (40 * 39 - 344))


def test_alpha_is_one_when_all_raters_agree():
    units = {1: ["supported"] * 3, 2: ["disputed"] * 2, 3: ["outdated", "outdated"]}
    assert krippendorff_alpha_nominal(units) == 1.0


def test_alpha_ignores_units_with_a_single_label():
    units = units_from_matrix(KRIPPENDORFF_2011)
    with_lonely = {**units, "lonely": ["5"], "empty": []}
    assert krippendorff_alpha_nominal(with_lonely) == krippendorff_alpha_nominal(units)


def test_alpha_is_none_for_a_single_rater():
    assert krippendorff_alpha_nominal({1: ["supported"], 2: ["disputed"], 3: ["outdated"]}) is None


def test_alpha_is_none_without_units():
    assert krippendorff_alpha_nominal({}) is None


def test_alpha_is_none_when_only_one_label_is_ever_used():
    assert krippendorff_alpha_nominal({1: ["supported"] * 2, 2: ["supported"] * 3}) is None


def test_alpha_matches_the_krippendorff_package_on_random_data():
    krippendorff = pytest.importorskip("krippendorff")
    rng = random.Random(20261128)
    compared = 0
    for _ in range(200):
        raters, unit_count = rng.randint(2, 6), rng.randint(1, 25)
        categories, missing = rng.randint(2, 5), rng.choice([0.0, 0.2, 0.5])
        matrix = [
            [
                None if rng.random() < missing else rng.randint(1, categories)
                for _ in range(unit_count)
            ]
            for _ in range(raters)
        ]
        ours = krippendorff_alpha_nominal(units_from_matrix(matrix))
        pairable = [labels for labels in units_from_matrix(matrix).values() if len(labels) > 1]
        if len({label for labels in pairable for label in labels}) < 2:
            assert ours is None
            continue
        reference = krippendorff.alpha(
            reliability_data=[[math.nan if v is None else v for v in row] for row in matrix],
            level_of_measurement="nominal",
        )
        assert ours == pytest.approx(reference, abs=1e-9)
        compared += 1
    assert compared > 150


def test_report_gives_kappa_and_shared_claims_for_every_reviewer_pair():
    rows = [
        (1, 10, "ann", "supported"),
        (1, 10, "bob", "supported"),
        (2, 10, "ann", "disputed"),
        (2, 10, "bob", "supported"),
        (3, 20, "ann", "outdated"),
        (3, 20, "bob", "outdated"),
        (4, 20, "cy", "not_a_claim"),
    ]
    report = agreement_report(rows)
    assert report.pairs == (
        PairAgreement("ann", "bob", 3, 0.5),  # p_o = 2/3, p_e = 1/3
        PairAgreement("ann", "cy", 0, None),
        PairAgreement("bob", "cy", 0, None),
    )


def test_report_gives_alpha_overall_and_per_document():
    rows = [
        (1, 10, "ann", "supported"),
        (1, 10, "bob", "supported"),
        (1, 10, "cy", "disputed"),
        (2, 10, "ann", "disputed"),
        (2, 10, "bob", "disputed"),
        (3, 20, "ann", "outdated"),
        (3, 20, "cy", "supported"),
        (4, 20, "bob", "supported"),
        (5, 30, "ann", "supported"),
        (5, 30, "bob", "supported"),
    ]
    report = agreement_report(rows)
    # Pairable claims 1, 2, 3, 5 hold 9 labels (5 supported, 3 disputed, 1 outdated) and
    # 4 weighted disagreeing pairs: α = 1 − 8·4 / (81 − 35) = 7/23. Claim 4 is unpaired.
    assert report.alpha == pytest.approx(7 / 23)
    assert report.alpha_by_document == {
        10: pytest.approx(1 / 3),  # 1 − 4·2 / (25 − 13)
        20: 0.0,  # one pairable claim, on which the two reviewers disagree
        30: None,  # only one label ever used
    }


def test_report_of_no_reviews_is_empty():
    assert agreement_report([]) == AgreementReport(pairs=(), alpha=None, alpha_by_document={})


def test_report_refuses_two_labels_from_one_reviewer_on_one_claim():
    with pytest.raises(ValueError, match="claim 1 has two labels from 'ann'"):
        agreement_report([(1, 10, "ann", "supported"), (1, 10, "ann", "disputed")])
