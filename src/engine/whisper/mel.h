// Whisper's log-mel front end (internal): 16 kHz samples -> (n_mels, n_frames).
#pragma once

#include <span>

#include "engine/whisper.h"

namespace os1::engine::whisper {

// Periodic Hann window of 400 points, 0.5 (1 - cos(2 pi i / 400)).
const float* hann_window();

// The 201 bins of |FFT|^2 of 400 real samples (double precision).
void power_spectrum(const float* frame, double* power);

// The whole front end (see WhisperModel::log_mel): filters (n_mels, n_bins)
// with n_bins == 201.
LogMel log_mel_spectrogram(std::span<const float> pcm, const float* filters, int n_mels, int n_bins, int n_threads);

}  // namespace os1::engine::whisper
