package org.dsas.vrrp.api;

/** The states of a virtual router instance (RFC 9568, plus keepalived's FAULT). */
public enum VrrpState {
    INIT, BACKUP, MASTER, FAULT
}
