/**
 * The AI/ML API's chat models ({@code POST /v1/chat/completions}, OpenAI-compatible), used for
 * summaries and translations of transcripts: one port, its Feign implementation, the answer with
 * its reported cost.
 */
@NullMarked
package dev.voxscribe.core.llm;

import org.jspecify.annotations.NullMarked;
