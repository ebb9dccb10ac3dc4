package dev.convene.room.rest.dto;

/** Bounds of room fields, shared by the create and update requests. */
public final class RoomLimits {
    public static final int NAME_MAX = 100;
    public static final int PASSCODE_MIN = 4;
    // bcrypt reads at most 72 bytes
    public static final int PASSCODE_MAX = 64;
    public static final int PARTICIPANTS_MIN = 2;
    public static final int PARTICIPANTS_MAX = 500;
    /** no control characters (newlines, NUL...) in names and passcodes */
    public static final String NO_CONTROL_CHARS = "[^\\p{Cntrl}]*";
    /** the same, with at least one visible character */
    public static final String NOT_BLANK_NO_CONTROL_CHARS = "[^\\p{Cntrl}]*[^\\p{Cntrl}\\s][^\\p{Cntrl}]*";

    private RoomLimits() {
    }
}
