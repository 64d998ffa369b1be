"""Arms deals as models (refsite/models.py): a transfer whose status is disputed records what is disputed, so
its badge can say so and link to the contested point (reader review M7)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
import pytest

from refsite.models import ArmsDeal

DEAL: dict[str, Any] = {
    "version": 2,
    "title": "Rockets reported reaching a third country",
    "supplier": "serbia",
    "recipient": "ukraine",
    "system": "Rockets",
    "category": "artillery-rockets",
    "deal_type": "transfer-via-third-country",
    "status": "disputed",
    "themes": ["military-cooperation-and-arms"],
    "claims": [
        {"text": "A portal reported the delivery.", "citations": [{"source": "s", "locator": "meta:published"}]},
        {"text": "The government denied it.", "citations": [{"source": "s", "locator": "meta:published"}]},
    ],
}
STATUS_DISPUTE = {
    "about": "Whether the rockets were delivered",
    "field": "status",
    "values": [{"value": "Delivered (a portal)", "claims": [1]}, {"value": "Denied (the government)", "claims": [2]}],
}


def test_a_disputed_status_needs_a_dispute_saying_what_is_disputed():
    with pytest.raises(ValidationError) as caught:
        ArmsDeal.model_validate(DEAL)
    assert "status 'disputed' needs a dispute with field: status" in str(caught.value)
    # A dispute over another field does not say what is disputed about the transfer itself.
    other = {**STATUS_DISPUTE, "field": "quantity", "about": "How many"}
    with pytest.raises(ValidationError):
        ArmsDeal.model_validate({**DEAL, "disputes": [other]})
    deal = ArmsDeal.model_validate({**DEAL, "disputes": [STATUS_DISPUTE]})
    assert deal.disputes[0].field == "status"
    assert ArmsDeal.model_validate({**DEAL, "status": "reported"}).status == "reported"


PANTSIR: dict[str, Any] = {
    **DEAL,
    "status": "ordered",
    "quantity": {"number": 6},
    "delivered": "2020-02",
    "delivered_basis": {"basis": "stated", "source": "s", "locator": "¶1", "quote": "February"},
    "delivered_quantity": {"number": 1},
}


def test_a_part_delivered_reads_as_a_part_of_the_number():
    from refsite.index import _delivered_label

    assert _delivered_label(ArmsDeal.model_validate(PANTSIR)) == "February 2020 (1 of 6)"
    rough = {
        **PANTSIR,
        "quantity": {"number": 6, "precision": "up-to"},
        "delivered_quantity": {"number": 2, "precision": "at-least"},
    }
    assert _delivered_label(ArmsDeal.model_validate(rough)) == "February 2020 (at least 2 of up to 6)"
    whole = {k: v for k, v in PANTSIR.items() if k != "delivered_quantity"}
    assert _delivered_label(ArmsDeal.model_validate(whole)) == "February 2020"
    assert (
        _delivered_label(ArmsDeal.model_validate({k: v for k, v in whole.items() if not k.startswith("delivered")}))
        is None
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"quantity": None},
            "'delivered_quantity' is a part of 'quantity' delivered by the date in 'delivered'; quantity is not given",
        ),
        ({"delivered": None, "delivered_basis": None}, "; delivered is not given"),
        ({"quantity": None, "delivered": None, "delivered_basis": None}, "; quantity and delivered are not given"),
        ({"delivered_quantity": {"number": 6}}, "'delivered_quantity' (6) is not fewer than 'quantity' (6)"),
        ({"delivered_quantity": {"number": 7}}, "'delivered_quantity' (7) is not fewer than 'quantity' (6)"),
    ],
)
def test_a_part_delivered_needs_a_number_and_a_date_and_is_less_than_all(change, message):
    with pytest.raises(ValidationError) as caught:
        ArmsDeal.model_validate({**PANTSIR, **change})
    assert message in str(caught.value)
