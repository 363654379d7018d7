"""The vendors the knowledge base holds: listing them and adding a new one.

A vendor is added with a ``vendor.add`` AuditEvent in the same transaction; its slug is the
key knowledge-base files, reviews and the command line name it by.
"""

import re
from dataclasses import dataclass
from typing import Any

from models.errors import UserError
from models.evidence.urls import normalise_url, url_problem
from models.storage.database import Database

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
MAX_SLUG = 80
MAX_NAME = 200


@dataclass(frozen=True)
class VendorRecord:
    """A vendor as lists and choosers show it."""

    slug: str
    name: str
    product: str
    trust_portal_url: str | None
    claims: int = 0

    @property
    def label(self) -> str:
        """The name a chooser shows: the product when there is one, else the vendor's name."""
        return self.product or self.name

    def to_json(self) -> dict[str, Any]:
        """Return the vendor as ``ddq vendor list --json`` prints it."""
        return {
            "slug": self.slug,
            "name": self.name,
            "product": self.product,
            "trust_portal_url": self.trust_portal_url,
            "claims": self.claims,
        }


def list_vendors(database: Database) -> list[tuple[str, str]]:
    """Return every vendor's slug and display name, by name."""
    return [(record.slug, record.label) for record in list_vendor_records(database)]


def list_vendor_records(database: Database) -> list[VendorRecord]:
    """Return every vendor with its number of claims, by name."""
    with database.read() as connection:
        rows = connection.execute(
            "SELECT slug, name, product, trust_portal_url, "
            "(SELECT COUNT(*) FROM claim WHERE claim.vendor_id = vendor.id) AS claims "
            "FROM vendor ORDER BY name, slug"
        ).fetchall()
    return [VendorRecord(row[0], row[1], row[2] or "", row[3], int(row[4])) for row in rows]


def _one_line(value: str, what: str, limit: int, required: bool) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise UserError(f"the vendor's {what} cannot be empty")
    if len(text) > limit:
        raise UserError(f"the vendor's {what} is limited to {limit} characters")
    return text


def check_vendor_fields(
    slug: str, name: str, product: str, trust_portal_url: str | None
) -> tuple[str, str, str, str | None]:
    """Return the cleaned fields of a new vendor.

    Raises:
        UserError: A slug that is not lower-case letters, digits, dots and hyphens, an empty
            name, a too-long field or a trust-portal URL that is not http(s).
    """
    slug = (slug or "").strip()
    if not SLUG_PATTERN.match(slug) or len(slug) > MAX_SLUG:
        raise UserError(
            f"slug {slug[:MAX_SLUG]!r}: use lower-case letters, digits, '.' and '-' "
            f"(at most {MAX_SLUG}), e.g. acme-cloud"
        )
    name = _one_line(name, "name", MAX_NAME, required=True)
    product = _one_line(product, "product", MAX_NAME, required=True)
    portal = (trust_portal_url or "").strip() or None
    if portal is not None:
        problem = url_problem(portal)
        if problem:
            raise UserError(f"trust portal {portal[:200]!r}: {problem}")
        portal = normalise_url(portal)
        if len(portal) > 2000:
            raise UserError("the trust-portal URL is longer than 2000 characters")
    return slug, name, product, portal


def add_vendor(
    database: Database,
    slug: str,
    name: str,
    product: str,
    actor: str,
    *,
    trust_portal_url: str | None = None,
) -> VendorRecord:
    """Add a vendor with no claims yet.

    Args:
        database: The open database.
        slug: Its key, e.g. ``acme-cloud``.
        name: The company's name ("Acme").
        product: The product reviewed ("Acme Cloud").
        actor: Who adds it (stamped on the ``vendor.add`` AuditEvent).
        trust_portal_url: Where its gated documents are, if it has a trust portal.

    Raises:
        UserError: Bad fields, or a vendor with that slug exists already.
    """
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from sqlmodel import select

    from models.storage.tables import Vendor

    slug, name, product, portal = check_vendor_fields(slug, name, product, trust_portal_url)
    with database.write(" ".join(actor.split()) or "app") as unit:
        if unit.session.exec(select(Vendor).where(Vendor.slug == slug)).first() is not None:
            raise UserError(f"a vendor {slug!r} exists already (see: ddq vendor list)")
        unit.session.add(Vendor(slug=slug, name=name, product=product, trust_portal_url=portal))
        unit.record(
            "vendor.add",
            "vendor",
            slug,
            {"name": name, "product": product, "trust_portal_url": portal},
        )
    return VendorRecord(slug, name, product, portal, 0)
