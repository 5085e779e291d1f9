"""How far reviewers agree on labels: Cohen's κ per pair, Krippendorff's α overall.

Pure functions over plain data (no database, no Flask), so the numbers can be checked
against published worked examples. Labels are nominal: two labels agree only if equal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations


def cohens_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's κ for two raters' labels on the items both rated; None with no items.

    Chance agreement is 1 only when both raters gave one and the same label to every
    item; κ is then 0/0, and we return 1.0 because observed agreement is 1 as well.
    """
    n = len(pairs)
    if n == 0:
        return None
    observed = Fraction(sum(a == b for a, b in pairs), n)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = Fraction(sum(first[label] * second[label] for label in first), n * n)
    if expected == 1:
        return 1.0
    return float((observed - expected) / (1 - expected))


def krippendorff_alpha_nominal(units: Mapping[Hashable, Sequence[str]]) -> float | None:
    """Krippendorff's α (nominal) over units of any raters' labels, missing ones left out.

    Units with fewer than two labels cannot be paired and are dropped. Returns None when α
    is undefined: no pairable unit, or a single label used throughout (no variation, so
    expected disagreement is 0 and reliability cannot be assessed, as Krippendorff says).
    """
    label_totals: Counter[str] = Counter()
    observed_disagreement = Fraction(0)
    for labels in units.values():
        m = len(labels)
        if m < 2:
            continue
        counts = Counter(labels)
        label_totals.update(counts)
        # Ordered pairs of different labels within the unit, each weighted 1/(m-1).
        observed_disagreement += Fraction(m * m - sum(c * c for c in counts.values()), m - 1)
    n = label_totals.total()
    expected_disagreement = n * n - sum(c * c for c in label_totals.values())
    if expected_disagreement == 0:
        return None
    return float(1 - (n - 1) * observed_disagreement / expected_disagreement)


@dataclass(frozen=True)
class PairAgreement:
    """Cohen's κ between two reviewers and how many claims both labelled."""

    reviewer_a: str
    reviewer_b: str
    shared_claims: int
    kappa: float | None


@dataclass(frozen=True)
class AgreementReport:
    """Agreement figures for a set of reviews: per reviewer pair, overall, per document."""

    pairs: tuple[PairAgreement, ...]
    alpha: float | None
    alpha_by_document: dict[int, float | None]


def agreement_report(rows: Iterable[tuple[int, int, str, str]]) -> AgreementReport:
    """κ for every reviewer pair and α overall and per document, from review rows.

    Rows are `(claim_id, document_id, reviewer, label)`; a reviewer labels a claim once,
    so a repeated `(claim_id, reviewer)` raises ValueError rather than pick one silently.
    """
    labels_by_claim: dict[int, dict[str, str]] = defaultdict(dict)
    claims_by_document: dict[int, set[int]] = defaultdict(set)
    for claim_id, document_id, reviewer, label in rows:
        if reviewer in labels_by_claim[claim_id]:
            raise ValueError(f"claim {claim_id} has two labels from {reviewer!r}")
        labels_by_claim[claim_id][reviewer] = label
        claims_by_document[document_id].add(claim_id)
    units = {claim: list(labels.values()) for claim, labels in labels_by_claim.items()}
    return AgreementReport(
        pairs=_pair_agreements(labels_by_claim),
        alpha=krippendorff_alpha_nominal(units),
        alpha_by_document={
            document: krippendorff_alpha_nominal({claim: units[claim] for claim in claims})
            for document, claims in sorted(claims_by_document.items())
        },
    )


def _pair_agreements(labels_by_claim: Mapping[int, Mapping[str, str]]) -> tuple[PairAgreement, ...]:
    """κ for every pair of reviewers seen, sorted by name, including pairs sharing no claim."""
    shared: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for labels in labels_by_claim.values():
        for a, b in combinations(sorted(labels), 2):
            shared[a, b].append((labels[a], labels[b]))
    reviewers = sorted({reviewer for labels in labels_by_claim.values() for reviewer in labels})
    return tuple(
        PairAgreement(a, b, len(shared[a, b]), cohens_kappa(shared[a, b]))
        for a, b in combinations(reviewers, 2)
    )
