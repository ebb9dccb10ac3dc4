package dev.convene.auth.rest.dto;

public record UpdateProfileRequest(@DisplayName String displayName) {
}
