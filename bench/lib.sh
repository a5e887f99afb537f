# Sourced by the bench scripts: what a fresh machine lacks is installed here, and said on stderr.

# bench_packages PKG...: apt-get install of the Debian packages among PKG that are not installed (root), with
# package services kept from starting (a stock haproxy, gmond or keepalived must not take ports or join a network).
bench_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} = 0 ] && return 0
    echo "bench: installing ${missing[*]} (apt-get)" >&2
    [ "$(id -u)" = 0 ] || { echo "bench: not root: install ${missing[*]} first" >&2; return 1; }
    local policy=/usr/sbin/policy-rc.d ours=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && ours=1
    fi
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${missing[@]}" > /dev/null || rc=$?
    [ -n "$ours" ] && rm -f "$policy"
    return $rc
}
