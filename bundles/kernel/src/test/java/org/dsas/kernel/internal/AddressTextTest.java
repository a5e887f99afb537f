package org.dsas.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses in messages as RFC 5952 writes them (section 4 examples). */
class AddressTextTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.100, 192.0.2.100",
        "fe80:0:0:0:0:0:0:100, fe80::100",
        "ff02:0:0:0:0:0:0:12, ff02::12",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:DB8:AA:0:0:0:0:BB, 2001:db8:aa::bb",
    })
    void text(String address, String expected) throws Exception {
        assertEquals(expected, AddressText.of(InetAddress.getByName(address)));
    }
}
