#!/bin/bash
# Edge Gemma: Debian post-removal script (postrm), run with remove, purge,
# upgrade, ... as $1. electron-builder fills in the ${...} macros.
# User data in ~/.config/<product name> is never touched.

APP_BIN='/opt/${sanitizedProductName}/${executable}'
LAUNCHER='/opt/${sanitizedProductName}/${executable}-launcher'

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' "$LAUNCHER" 2>/dev/null || true
    update-alternatives --remove '${executable}' "$APP_BIN" 2>/dev/null || true
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
    if apparmor_status --enabled > /dev/null 2>&1; then
        if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
            apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
        fi
    fi
    rm -f "$APPARMOR_PROFILE_DEST"
fi

# Forget the launchers and icons this package provided.
if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi
if hash gtk-update-icon-cache 2>/dev/null && [ -f /usr/share/icons/hicolor/index.theme ]; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi

exit 0
