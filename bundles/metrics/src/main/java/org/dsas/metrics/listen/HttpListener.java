package org.dsas.metrics.listen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;

/**
 * A small HTTP/1.1 server that cannot be stalled by one client: one request per connection (answered with
 * {@code Connection: close}), the whole exchange within {@link Limits#timeoutMillis}, request line and headers of at
 * most {@link Limits#maxRequestBytes} each (414/431 otherwise), a body of at most that (413), anything that is not
 * HTTP answered 400; at most {@link Limits#perClient} connections per client address. Every refusal is counted in
 * the given {@link Rejections}.
 */
public final class HttpListener extends NettyListener {

    /** An answer; {@code body} is UTF-8 text. */
    public record Response(int status, String contentType, String body) {
    }

    /** Answers one well-formed request (runs on the event loop: must not block). */
    public interface Handler {
        Response handle(String method, String path, InetSocketAddress client);
    }

    public HttpListener(String name, InetSocketAddress at, Limits limits, Rejections rejections, Handler handler)
            throws IOException {
        super(name, at, limits, rejections, p -> protocol(p, limits, handler));
    }

    private static void protocol(ChannelPipeline p, Limits limits, Handler handler) {
        Guard guard = (Guard) p.get("guard");
        p.addLast(new HttpServerCodec(limits.maxRequestBytes(), limits.maxRequestBytes(), 8192));
        p.addLast(new HttpObjectAggregator(limits.maxRequestBytes()) {
            @Override
            protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
                guard.rejecting(Rejections.Reason.OVERSIZED);
                answer(ctx, guard, false, 413, "request body over " + limits.maxRequestBytes() + " bytes\n");
            }
        });
        p.addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
            private boolean answering;

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                if (answering) {
                    return; // one request per connection: a pipelined second one is not answered
                }
                answering = true;
                if (req.decoderResult().isFailure()) {
                    Throwable cause = req.decoderResult().cause();
                    if (cause instanceof TooLongFrameException) {
                        guard.rejecting(Rejections.Reason.OVERSIZED);
                        answer(ctx, guard, false, cause instanceof TooLongHttpHeaderException ? 431 : 414,
                                "request line or headers over " + limits.maxRequestBytes() + " bytes\n");
                    } else {
                        guard.rejecting(Rejections.Reason.GARBAGE);
                        answer(ctx, guard, false, 400, "not an HTTP request\n");
                    }
                    return;
                }
                String method = req.method().name();
                Response r;
                try {
                    r = handler.handle(method, new QueryStringDecoder(req.uri()).path(),
                            (InetSocketAddress) ctx.channel().remoteAddress());
                } catch (RuntimeException e) {
                    r = new Response(500, "text/plain; charset=utf-8", "error: " + e + "\n");
                }
                answer(ctx, guard, "HEAD".equals(method), r.status(), r.contentType(), r.body());
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }

    private static void answer(ChannelHandlerContext ctx, Guard guard, boolean head, int status, String text) {
        answer(ctx, guard, head, status, "text/plain; charset=utf-8", text);
    }

    private static void answer(ChannelHandlerContext ctx, Guard guard, boolean head, int status, String type,
            String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener(f -> {
            guard.finish();
            ctx.channel().close();
        });
    }
}
