package org.dsas.core.internal;

import java.util.Map;

import org.dsas.core.api.FlagSource;

/** The roles one flag source names, with where it was read from. */
record FlagSet(FlagSource source, String detail, Map<String, Boolean> roles) {
}
