package dev.convene.chat.service;

import dev.convene.chat.entity.StoredMessage;
import dev.convene.chat.events.ChatEventTypes;
import dev.convene.chat.events.Outbox;
import dev.convene.chat.model.MessageView;
import dev.convene.chat.model.PurgeResult;
import dev.convene.chat.model.RetentionSetting;
import dev.convene.chat.store.Database;
import dev.convene.chat.store.FileStore;
import dev.convene.chat.store.MessageStore;
import dev.convene.chat.store.SettingsStore;
import dev.convene.common.security.AdminAccessTokens.AdminCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Admin moderation: delete any message, purge a room, retention. */
@ApplicationScoped
public class ModerationService {

    private static final Logger LOG = Logger.getLogger(ModerationService.class);
    static final String RETENTION_DAYS = "retention_days";
    public static final int MAX_RETENTION_DAYS = 36500;
    /** rows deleted per retention transaction, so a first run on a large table does not hold long locks */
    private static final int RETENTION_BATCH = 500;

    @Inject
    Database database;
    @Inject
    MessageStore messages;
    @Inject
    FileStore files;
    @Inject
    SettingsStore settings;
    @Inject
    MessageService messageService;
    @Inject
    Outbox outbox;

    public MessageView deleteMessage(AdminCaller admin, String room, UUID messageId) {
        MessageView view = outbox.inTransaction(c -> {
            StoredMessage message = messages.findById(c, room, messageId, true).orElseThrow(ChatErrors::messageNotFound);
            return messageService.tombstone(c, message, admin.userId(), "admin");
        });
        return view;
    }

    /** Deletes every message and file of the room; seq keeps counting so clients' "after" stays valid. */
    public PurgeResult purge(AdminCaller admin, String room) {
        PurgeResult result = outbox.inTransaction(c -> {
            long lastSeq = messages.lastSeq(c, room);
            int deletedMessages = messages.purgeRoom(c, room);
            int deletedFiles = files.purgeRoom(c, room);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("by", admin.userId());
            payload.put("lastSeq", lastSeq);
            outbox.append(c, ChatEventTypes.ROOM_PURGED, room, payload);
            return new PurgeResult(room, deletedMessages, deletedFiles);
        });
        return result;
    }

    public RetentionSetting retention() {
        return new RetentionSetting(database.read(c -> settings.get(c, RETENTION_DAYS)).map(Integer::parseInt).orElse(0));
    }

    public RetentionSetting setRetention(int days) {
        if (days < 0 || days > MAX_RETENTION_DAYS) {
            throw ChatErrors.invalid("days", "must be between 0 (keep everything) and " + MAX_RETENTION_DAYS);
        }
        database.inTransaction(c -> {
            settings.put(c, RETENTION_DAYS, Integer.toString(days));
            return null;
        });
        return new RetentionSetting(days);
    }

    /** Deletes messages (and their files) older than the retention; returns how many messages went. */
    public int applyRetention() {
        int days = retention().days();
        if (days == 0) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(days));
        int total = 0;
        int deleted;
        do {
            deleted = database.inTransaction(c -> {
                List<UUID> fileIds = new ArrayList<>();
                int count = messages.deleteCreatedBefore(c, cutoff, RETENTION_BATCH, fileIds).size();
                files.delete(c, fileIds);
                return count;
            });
            total += deleted;
        } while (deleted == RETENTION_BATCH);
        if (total > 0) {
            LOG.infof("Retention (%d days) deleted %d messages", days, total);
        }
        return total;
    }
}
