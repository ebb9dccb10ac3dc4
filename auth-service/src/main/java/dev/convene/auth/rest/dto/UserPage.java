package dev.convene.auth.rest.dto;

import java.util.List;

/** One page of a user search; {@code page} counts from 0. */
public record UserPage(List<AdminUserView> items, int page, int size, long total) {
}
