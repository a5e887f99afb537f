package org.dsas.keepalived.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class KeepalivedConfParserTest {

    private static final String CONF = """
            ! Configuration File for keepalived
            global_defs {
               router_id LVS_DEVEL   # a comment
               vrrp_version 3
            }
            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 0.1
                authentication {
                    auth_type PASS
                    auth_pass "se cret"
                }
                virtual_ipaddress { 192.0.2.100/24 dev eth0 }
                virtual_ipaddress_excluded {
                    192.0.2.200
                }
            }
            virtual_server 10.0.0.1 80 {
                lb_algo rr
                real_server 192.168.31.101 80 { weight 3
                    TCP_CHECK { connect_timeout 3 } }
            }
            """;

    @Test
    void blocksWordsCommentsAndQuotes() throws Exception {
        List<ConfNode> top = KeepalivedConfParser.parse(CONF, "keepalived.conf");
        assertEquals(List.of("global_defs", "vrrp_instance", "virtual_server"), top.stream().map(ConfNode::keyword).toList());
        ConfNode vi = top.get(1);
        assertEquals("VI_1", vi.arg(0));
        assertEquals(6, vi.line());
        assertEquals("51", vi.child("virtual_router_id").orElseThrow().arg(0));
        assertEquals("se cret", vi.child("authentication").orElseThrow().child("auth_pass").orElseThrow().arg(0));
        ConfNode vips = vi.child("virtual_ipaddress").orElseThrow();
        assertEquals("192.0.2.100/24", vips.children().get(0).keyword());
        assertEquals(List.of("dev", "eth0"), vips.children().get(0).args());
        assertEquals("LVS_DEVEL", top.get(0).child("router_id").orElseThrow().arg(0));
        ConfNode rs = top.get(2).child("real_server").orElseThrow();
        assertEquals("3", rs.child("weight").orElseThrow().arg(0));
        assertEquals("3", rs.child("TCP_CHECK").orElseThrow().child("connect_timeout").orElseThrow().arg(0));
        assertEquals("keepalived.conf:23", rs.where());
    }

    @Test
    void brokenFilesNameFileAndLine() {
        assertEquals("k.conf:1: '{' is never closed", assertThrows(KeepalivedConfException.class,
                () -> KeepalivedConfParser.parse("a {\nb {\n c 1\n}\n", "k.conf")).getMessage());
        assertEquals("k.conf:1: '}' without a matching '{'", assertThrows(KeepalivedConfException.class,
                () -> KeepalivedConfParser.parse("}\n", "k.conf")).getMessage());
        assertEquals("k.conf:2: unterminated quoted string", assertThrows(KeepalivedConfException.class,
                () -> KeepalivedConfParser.parse("a {\n b \"x\n}\n", "k.conf")).getMessage());
        assertEquals("k.conf:1: '{' without a keyword before it", assertThrows(KeepalivedConfException.class,
                () -> KeepalivedConfParser.parse("{ a }\n", "k.conf")).getMessage());
    }
}
