package dev.voxscribe.core.llm;

/**
 * One question to a chat model: instructions and the material they apply to.
 *
 * @param model the chat model id, e.g. {@code gpt-4o-mini}
 * @param instructions sent as the {@code system} message (folded into the user message for models
 *     that refuse that role)
 * @param material the user message
 * @param maxTokens an upper bound on the answer's length, which bounds its cost
 */
public record ChatPrompt(String model, String instructions, String material, int maxTokens) {
  public ChatPrompt {
    if (model.isBlank()) throw new IllegalArgumentException("chat model must not be blank");
    if (material.isBlank()) throw new IllegalArgumentException("a prompt needs material");
    if (maxTokens < 1) throw new IllegalArgumentException("max tokens must be positive, got " + maxTokens);
  }
}
