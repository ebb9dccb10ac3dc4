package dev.convene.chat.rest;

import dev.convene.chat.entity.StoredFile;
import dev.convene.chat.model.MessageView;
import dev.convene.chat.security.RoomCaller;
import dev.convene.chat.security.RoomTokenVerifier;
import dev.convene.chat.service.ChatErrors;
import dev.convene.chat.service.ContentTypes;
import dev.convene.chat.service.FileService;
import dev.convene.chat.service.SendResult;
import dev.convene.common.error.ApiError;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Files. Upload: the raw body (any Content-Type; it is ignored and the type sniffed), the
 * name in {@code X-File-Name} (percent-encoded UTF-8), optional {@code X-Client-Id} for an
 * idempotent retry. Download: with a token of the file's room, always as an attachment.
 */
@Path("/api/chat")
public class FileResource {

    @Inject
    RoomTokenVerifier tokens;
    @Inject
    FileService files;

    @POST
    @Path("/rooms/{room}/files")
    @Consumes(MediaType.WILDCARD)
    public RestResponse<MessageView> upload(@RestPath String room, @RestHeader("Authorization") String authorization,
            @RestHeader("X-File-Name") String fileName, @RestHeader("X-Client-Id") String clientId,
            @RestHeader("Content-Length") String contentLength, InputStream body) {
        RoomCaller caller = tokens.verify(authorization, room);
        Long length = Params.optionalLong("Content-Length", contentLength);
        SendResult result = files.upload(caller, ContentDisposition.decode(fileName), clientId, length, body);
        return RestResponse.ResponseBuilder
                .create(result.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK, result.message())
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/files/{fileId}")
    public Response download(@RestPath String fileId, @RestHeader("Authorization") String authorization,
            @RestHeader("Range") String range, @RestHeader("If-None-Match") String ifNoneMatch) {
        RoomCaller caller = tokens.verifyAnyRoom(authorization);
        StoredFile file = files.find(caller, Params.fileId(fileId));
        String etag = "\"" + file.sha256() + "\"";
        if (etag.equals(ifNoneMatch)) {
            return safeHeaders(Response.notModified(), file, etag).build();
        }
        ByteRange part;
        try {
            part = ByteRange.parse(range, file.size());
        } catch (ByteRange.Unsatisfiable e) {
            return Response.status(416).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Content-Range", "bytes */" + file.size())
                    .entity(new ApiError(ChatErrors.RANGE_NOT_SATISFIABLE, "The range is outside the file")).build();
        }
        long offset = part == null ? 0 : part.start();
        long length = part == null ? file.size() : part.length();
        StreamingOutput body = out -> files.copy(file, offset, length, out);
        Response.ResponseBuilder response = part == null ? Response.ok(body)
                : Response.status(206).entity(body).header("Content-Range",
                        "bytes " + part.start() + "-" + part.end() + "/" + file.size());
        return safeHeaders(response, file, etag)
                .type(ContentTypes.servedAs(file.contentType()))
                .header("Content-Length", length)
                .build();
    }

    /** Never rendered inline, never sniffed into something executable, sandboxed if opened anyway. */
    private static Response.ResponseBuilder safeHeaders(Response.ResponseBuilder response, StoredFile file, String etag) {
        return response
                .header("Content-Disposition", ContentDisposition.attachment(file.name()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header("Cache-Control", "private, no-cache")
                .header("Accept-Ranges", "bytes")
                .header("ETag", etag);
    }
}
