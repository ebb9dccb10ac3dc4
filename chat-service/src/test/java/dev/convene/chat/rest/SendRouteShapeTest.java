package dev.convene.chat.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which sends the lean route serves itself; everything else goes on to the RESTEasy resource. */
class SendRouteShapeTest {

    @Test
    void onlyPlainPathsAreServed() {
        assertTrue(SendRoute.plainPath("/api/chat/rooms/team-a/messages/0b6f1c1e-8f6a-4d7e-9a51-2a0b3c4d5e6f"));
        assertTrue(SendRoute.plainPath("/api/chat/rooms/messages/messages/client_id-1"), "a room may be called messages");
        assertFalse(SendRoute.plainPath("/api/chat/rooms/team-a/messages/client-1/"), "trailing slash");
        assertFalse(SendRoute.plainPath("/api/chat/rooms/team-a/messages/"), "no client id");
        assertFalse(SendRoute.plainPath("/api/chat/rooms//messages/client-1"), "no room");
        assertFalse(SendRoute.plainPath("/api/chat/rooms/team-a/messages/client-1/reactions/x"), "another resource");
        assertFalse(SendRoute.plainPath("/api/chat/rooms/team-a/messages/enc%2Did-1"), "escapes are decoded by RESTEasy");
        assertFalse(SendRoute.plainPath("/api/chat/rooms/team-a/messages/client-1;v=1"), "matrix parameters");
        assertFalse(SendRoute.plainPath("/api/chat/rooms/a/b/messages/client-1"), "extra segment");
        assertFalse(SendRoute.plainPath("/api/chat/files/x"));
    }

    @Test
    void onlyJsonBodiesInUtf8AreServed() {
        assertTrue(SendRoute.jsonBody("application/json"));
        assertTrue(SendRoute.jsonBody("Application/JSON"));
        assertTrue(SendRoute.jsonBody("application/json; charset=UTF-8"));
        assertTrue(SendRoute.jsonBody("application/json;charset=\"utf-8\""));
        assertFalse(SendRoute.jsonBody(null), "no declaration");
        assertFalse(SendRoute.jsonBody("application/json; charset=ISO-8859-1"));
        assertFalse(SendRoute.jsonBody("application/vnd.api+json"));
        assertFalse(SendRoute.jsonBody("text/plain"));
    }

    @Test
    void onlyAcceptsThatPlainlyAllowJsonAreServed() {
        assertTrue(SendRoute.acceptsJson(null));
        assertTrue(SendRoute.acceptsJson("*/*"));
        assertTrue(SendRoute.acceptsJson("application/json"));
        assertTrue(SendRoute.acceptsJson("text/html, application/*"));
        assertFalse(SendRoute.acceptsJson("text/html"));
        assertFalse(SendRoute.acceptsJson("application/json;q=0, */*"), "weights are negotiated by RESTEasy");
    }
}
