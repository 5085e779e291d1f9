"""The word lists' predicates: pure string tests, no model."""

import pytest

from app.nlp.lexicon import is_central_bank, is_corporate, is_name_fragment, is_utility


@pytest.mark.parametrize("name", [
    "Bank of Japan", "The Bank of England", "the Federal Reserve", "the Fed", "Bundesbank",
    "The Reserve Bank", "Swiss National Bank", "State Bank of Pakistan", "Bank of Zambia",
    "Central Bank of Egypt", "Banque de France", "Saudi Arabian Monetary Agency",
    "Reserve Bank of India", "People's Bank of China", "Bank Indonesia", "Bank Negara Malaysia",
])
def test_central_banks_are_known_by_their_names(name):
    assert is_central_bank(name)


@pytest.mark.parametrize("name", [
    "National Westminster Bank Plc", "Bank of Tokyo", "Bank of America", "The World Bank",
    "Export-Import Bank of Japan", "Hongkong Bank", "Japan Development Bank", "", "the",
    "National City Bank", "State Street Bank", "Bank of China", "Bank of Ireland",
    "National Bank of Greece", "National Bank of Canada", "State Bank of India",
    "Bank Negara Indonesia", "Bank Rakyat Indonesia", "Banco Central", "Central Fidelity Banks",
    "Nederlandsche Middenstandsbank", "International Monetary Fund",
])
def test_commercial_and_development_banks_are_not_central(name):
    assert not is_central_bank(name)


@pytest.mark.parametrize(("name", "corporate"), [
    ("Acme Corp", True), ("Prudential Insurance Co of America", True), ("<Drexel Inc>", True),
    ("the Group of Seven", False), ("Peladeau", False), ("Cie Bancaire", True), ("Cie", False),
    ("Gruppo Ferruzzi", True),
])
def test_a_company_is_known_by_its_ending(name, corporate):
    assert is_corporate(name) is corporate


@pytest.mark.parametrize(("name", "utility"), [
    ("Duke Power Co", True), ("El Paso Electric", True), ("UtiliCorp United Inc", True),
    ("Public Service Electric and Gas Company", True), ("Northern Indiana Public Service Co", True),
    ("Green Mountain Power Corp", True), ("Ontario Hydro", True),
    ("Public Service Co of New Mexico", True), ("Morgan", False),
    ("Morgan Stanley", False), ("Merrill Lynch and Co", False), ("General Electric Co", False),
    ("Westinghouse Electric Corp", False), ("Emerson Electric", False), ("Norsk Hydro", False),
    ("Power Corp of Canada", False),
])
def test_a_utility_is_known_by_its_name(name, utility):
    assert is_utility(name) is utility


@pytest.mark.parametrize(("name", "fragment"), [
    ("P", True), ("B.A", True), ("N.V.", True), ("The Issuing Centre of", True), ("S and", True),
    ("", True), ("Rabobank Nederland B.A.", False), ("BP", False), ("Bank of Boston", False),
    ("Duff and Phelps", False),
])
def test_a_piece_of_a_name_is_no_name(name, fragment):
    """What the recogniser cut off a name is never bracketed as if it named someone."""
    assert is_name_fragment(name) is fragment
