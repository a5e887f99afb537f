package org.dsas.metrics.collector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.dsas.metrics.collector.internal.DataSourceSpec.Address;
import org.junit.jupiter.api.Test;

/** gmetad's data_source syntax. */
class DataSourceSpecTest {

    @Test
    void gmetadSyntax() {
        assertEquals(new DataSourceSpec("my cluster", 30, List.of(new Address("192.0.2.1", 8649),
                new Address("web2.example", 8650))), DataSourceSpec.parse("\"my cluster\" 30 192.0.2.1 web2.example:8650"));
        assertEquals(new DataSourceSpec("local", 15, List.of(new Address("127.0.0.1", 8649))),
                DataSourceSpec.parse("local 127.0.0.1"));
        assertEquals(new DataSourceSpec("v6", 15, List.of(new Address("2001:db8::1", 8649),
                new Address("2001:db8::2", 9000))), DataSourceSpec.parse("v6 2001:db8::1 [2001:db8::2]:9000"));
    }

    @Test
    void severalSeparatedBySemicolonsOrLines() {
        List<DataSourceSpec> all = DataSourceSpec.parseAll("a 192.0.2.1; \"b\" 60 192.0.2.2:8651\nc 192.0.2.3;");
        assertEquals(List.of("a", "b", "c"), all.stream().map(DataSourceSpec::name).toList());
        assertEquals(60, all.get(1).step());
    }

    @Test
    void errorsNameTheSource() {
        assertEquals("data source \"a\": no address",
                assertThrows(IllegalArgumentException.class, () -> DataSourceSpec.parse("a 15")).getMessage());
        assertEquals("data source \"a\": bad port in 192.0.2.1:99999", assertThrows(IllegalArgumentException.class,
                () -> DataSourceSpec.parse("a 192.0.2.1:99999")).getMessage());
        assertEquals("data source \"../x\": bad name (empty, '/' or leading '.')",
                assertThrows(IllegalArgumentException.class, () -> DataSourceSpec.parse("\"../x\" 192.0.2.1"))
                        .getMessage());
        assertEquals("data source \"a\": step 0 not in 1-3600",
                assertThrows(IllegalArgumentException.class, () -> DataSourceSpec.parse("a 0 192.0.2.1")).getMessage());
    }
}
