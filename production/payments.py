"""How an author pays a fee. Today: a bank transfer, which the author reports (with the
transfer receipt) and the office confirms. A payment gateway would be another `Provider`:
it gives the author its instructions (a payment page instead of bank details) and reports
payments itself, calling production.fees.record_payment as the author's form does now."""

from dataclasses import dataclass
from typing import Protocol

from production.models import Fee, FeeSettings


@dataclass(frozen=True)
class Instructions:
    """What the fee notice and the fee page tell the author to do."""

    bank_name: str = ""
    account_name: str = ""
    account_number: str = ""
    payment_url: str = ""  # a gateway's payment page


class Provider(Protocol):
    name: str

    def instructions(self, fee: Fee, settings: FeeSettings) -> Instructions: ...


class BankTransfer:
    """The journal's bank account (fee settings); the office confirms each reported payment."""

    name = "bank_transfer"

    def instructions(self, fee: Fee, settings: FeeSettings) -> Instructions:
        return Instructions(bank_name=settings.bank_name, account_name=settings.account_name,
                            account_number=settings.account_number)


PROVIDER: Provider = BankTransfer()
