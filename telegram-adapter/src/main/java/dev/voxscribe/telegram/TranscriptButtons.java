package dev.voxscribe.telegram;

import dev.voxscribe.core.deliver.DeliveryPlan;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/** The row of buttons under a transcript; each button's callback data names the kept transcript. */
final class TranscriptButtons {
  private TranscriptButtons() {}

  /** The inline keyboard of {@code buttons}, labelled already; none when there are none. */
  static Optional<InlineKeyboardMarkup> keyboard(List<DeliveryPlan.Button> buttons) {
    if (buttons.isEmpty()) return Optional.empty();
    InlineKeyboardRow row = new InlineKeyboardRow();
    for (DeliveryPlan.Button b : buttons) {
      row.add(InlineKeyboardButton.builder().text(b.label()).callbackData(b.data()).build());
    }
    return Optional.of(InlineKeyboardMarkup.builder().keyboardRow(row).build());
  }
}
