"""Whether the machine is online, as the operating system reports it (never by probing)."""

from PySide6.QtNetwork import QNetworkInformation


def is_online() -> bool:
    """Return False only when the OS says the network is down; True when unsure."""
    information = QNetworkInformation.instance()
    if information is None:
        QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability)
        information = QNetworkInformation.instance()
    if information is None:
        return True
    return information.reachability() != QNetworkInformation.Reachability.Disconnected
