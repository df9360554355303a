package dk.opennsp.services.operations;

import dk.opennsp.security.admission.AdmissionControl;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Admission control at the HTTP edge, right after the HTTP/1.1 codec of one connection: each request
 * asks {@link AdmissionControl} for a permit before Micronaut routes it; the permit is given back when
 * its response has been written (or the connection closes). A refused request is answered here with a
 * pre-rendered 503 and its body is discarded unread, so a storm costs a few microseconds per refusal.
 * Responses keep the order of requests: a refusal behind requests still being served on the same
 * (pipelined) connection is written after their responses.
 */
final class AdmissionHandler extends ChannelDuplexHandler {
    private final AdmissionControl admission;
    /** For each request passed on and not yet answered: whether it holds a permit. */
    private final Deque<Boolean> passed = new ArrayDeque<>();
    private final Deque<String> queuedRefusals = new ArrayDeque<>();
    private boolean discardingBody;

    AdmissionHandler(AdmissionControl admission) {
        this.admission = admission;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            String path = path(request.uri());
            boolean exempt = admission.alwaysAnswered(path);
            if (queuedRefusals.isEmpty() && (exempt || admission.tryAdmit())) {
                passed.add(!exempt);
                discardingBody = false;
                ctx.fireChannelRead(msg);
                return;
            }
            discardingBody = true;
            if (passed.isEmpty() && queuedRefusals.isEmpty()) {
                refuse(ctx, path);
            } else {
                queuedRefusals.add(path);
            }
            ReferenceCountUtil.release(msg);
            if (msg instanceof LastHttpContent) {
                discardingBody = false;
            }
            return;
        }
        if (discardingBody && msg instanceof HttpContent) {
            if (msg instanceof LastHttpContent) {
                discardingBody = false;
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational = msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        ctx.write(msg, promise);
        if (msg instanceof LastHttpContent && !informational && !passed.isEmpty()) {
            if (passed.poll()) {
                admission.release();
            }
            while (passed.isEmpty() && !queuedRefusals.isEmpty()) {
                refuse(ctx, queuedRefusals.poll());
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        while (!passed.isEmpty()) {
            if (passed.poll()) {
                admission.release();
            }
        }
        queuedRefusals.clear();
        super.channelInactive(ctx);
    }

    private void refuse(ChannelHandlerContext ctx, String path) {
        admission.recordRefusal();
        FullHttpResponse response = HttpEdge.response(HttpResponseStatus.SERVICE_UNAVAILABLE, admission.refusalContentType(path),
                admission.refusalBody(path));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, admission.retryAfter());
        // written from here: it passes the encoder but not this handler's own write (no permit to give back)
        ctx.writeAndFlush(response);
    }

    private static String path(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return path;
    }
}
