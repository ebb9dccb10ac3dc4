package dev.convene.auth.rest.dto;

public record GuestRequest(@DisplayName String displayName) {
}
