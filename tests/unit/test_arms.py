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
