"""The New vendor dialog (a view): slug, name, product and trust portal of a vendor to review."""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.widgets.text import muted_label


class NewVendorDialog(QDialog):
    """Asks for a new vendor; ``values()`` returns what the form holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New vendor")
        self.name = QLineEdit()
        self.name.setObjectName("vendorName")
        self.name.setPlaceholderText("e.g. Acme")
        self.product = QLineEdit()
        self.product.setObjectName("vendorProduct")
        self.product.setPlaceholderText("e.g. Acme Cloud")
        self.slug = QLineEdit()
        self.slug.setObjectName("vendorSlug")
        self.slug.setPlaceholderText("e.g. acme-cloud")
        self.portal = QLineEdit()
        self.portal.setObjectName("vendorPortal")
        self.portal.setPlaceholderText("https://… (leave empty when it has none)")
        self.product.textEdited.connect(self._suggest_slug)
        form = QFormLayout(self)
        form.addRow("Company name", self.name)
        form.addRow("Product reviewed", self.product)
        form.addRow("Key", self.slug)
        hint: QLabel = muted_label(
            "The key names the vendor on the command line and in knowledge-base files: "
            "lower-case letters, digits and hyphens."
        )
        form.addRow("", hint)
        form.addRow("Trust portal", self.portal)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add vendor")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._slug_edited = False
        self.slug.textEdited.connect(lambda _text: setattr(self, "_slug_edited", True))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def _suggest_slug(self, product: str) -> None:
        if not self._slug_edited:
            words = "".join(ch if ch.isalnum() else " " for ch in product.lower()).split()
            self.slug.setText("-".join(words)[:80])

    def values(self) -> dict[str, str]:
        """Return the fields as typed (checked by ``models.kb.vendors.add_vendor``)."""
        return {
            "slug": self.slug.text(),
            "name": self.name.text(),
            "product": self.product.text(),
            "trust_portal_url": self.portal.text(),
        }
