#!/bin/bash
# Edge Gemma: Debian post-install script (postinst).
# electron-builder fills in the executable name and the install folder name
# (the ${...} macros; plain shell variables here use $NAME, never braces).
# Based on electron-builder's own linux/after-install.tpl, plus an icon-cache
# refresh for the hicolor icons this package installs.

APP_DIR='/opt/${sanitizedProductName}'
APP_BIN='/opt/${sanitizedProductName}/${executable}'
# Starts the desktop app, or with --headless the app without a window (packaging/linux/edge-gemma-launcher).
LAUNCHER='/opt/${sanitizedProductName}/${executable}-launcher'
LINK='/usr/bin/${executable}'

# /usr/bin/<executable> -> the launcher, managed by update-alternatives when available.
if type update-alternatives >/dev/null 2>&1; then
    # Remove a previous link that does not go through update-alternatives.
    if [ -L "$LINK" ] && [ -e "$LINK" ] && [ "$(readlink "$LINK")" != '/etc/alternatives/${executable}' ]; then
        rm -f "$LINK"
    fi
    # Earlier versions pointed the alternative at the Electron binary itself.
    update-alternatives --remove '${executable}' "$APP_BIN" >/dev/null 2>&1 || true
    update-alternatives --install "$LINK" '${executable}' "$LAUNCHER" 100 || ln -sf "$LAUNCHER" "$LINK"
else
    ln -sf "$LAUNCHER" "$LINK"
fi

# Chromium's sandbox. With user namespaces (Raspberry Pi OS, Debian) Electron
# uses them and chrome-sandbox needs no special mode; without them it needs the
# SUID helper: root-owned, mode 4755. The sandbox is never switched off.
if [ -e "$APP_DIR/chrome-sandbox" ]; then
    chown root:root "$APP_DIR/chrome-sandbox" || true
    if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
        chmod 4755 "$APP_DIR/chrome-sandbox" || true
    else
        chmod 0755 "$APP_DIR/chrome-sandbox" || true
    fi
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

if hash gtk-update-icon-cache 2>/dev/null && [ -f /usr/share/icons/hicolor/index.theme ]; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi

# AppArmor profile (Ubuntu 24.04 and later restrict unprivileged user
# namespaces unless the program has a profile). Skipped where AppArmor is off
# or too old to parse the profile; not reloaded inside a chroot.
if apparmor_status --enabled > /dev/null 2>&1; then
    APPARMOR_PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
    APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
    if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
        cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
        if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
            apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
        fi
    else
        echo "Skipping the AppArmor profile: this AppArmor does not support it"
    fi
fi

exit 0
