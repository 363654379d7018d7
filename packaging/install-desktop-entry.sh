#!/bin/sh
# Add DDQ Desk to this user's application menu (no root needed). Run it from the unpacked
# folder; run it again after moving the folder. Remove the two files it names to undo.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
share="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$share/applications" "$share/icons/hicolor/256x256/apps"
cp "$here/ddq-desk.png" "$share/icons/hicolor/256x256/apps/ddq-desk.png"
sed "s|^Exec=ddq-desk\$|Exec=\"$here/ddq-desk\"|" "$here/ddq-desk.desktop" \
    > "$share/applications/ddq-desk.desktop"
echo "Installed $share/applications/ddq-desk.desktop"
echo "and $share/icons/hicolor/256x256/apps/ddq-desk.png"
