// Whisper's log-mel spectrogram, as the paper's reference code and
// whisper.cpp define it:
//   - the samples are padded with 200 reflected samples in front (x[200],
//     x[199], ..., x[1]) and 30 s + 200 samples of zeros behind;
//   - frame i covers padded samples [160 i, 160 i + 400), times a periodic
//     Hann window; n_frames = (n_samples + 480000) / 160;
//   - |FFT|^2 over the 201 non-negative bins, times the file's mel filters,
//     summed in double, log10(max(., 1e-10));
//   - frames wholly inside the zero padding are log10(1e-10) = -10;
//   - everything clamped below at (the largest value - 8), then (x + 4) / 4.
// The FFT is a recursive radix-2 split down to the odd length 25, which is
// a plain DFT (400 = 2^4 x 25), in double precision.
#include "engine/whisper/mel.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <thread>
#include <vector>

namespace os1::engine::whisper {
namespace {

constexpr int N = WhisperModel::N_FFT;
constexpr int N_BINS = N / 2 + 1;
using cd = std::complex<double>;

struct Tables {
    float hann[N];
    double cos_t[N], sin_t[N];  // of 2 pi k / N
    Tables() {
        for (int i = 0; i < N; i++) {
            hann[i] = static_cast<float>(0.5 * (1.0 - std::cos(2.0 * M_PI * i / N)));
            cos_t[i] = std::cos(2.0 * M_PI * i / N);
            sin_t[i] = std::sin(2.0 * M_PI * i / N);
        }
    }
};
const Tables& tables() {
    static const Tables t;
    return t;
}

// out[k] = sum_j in[j * stride] e^{-2 pi i j k / n}, n dividing N.
void fft(const double* in, int n, int stride, cd* out, cd* tmp) {
    const Tables& t = tables();
    const int step = N / n;  // twiddle index scale
    if (n % 2 == 1) {
        for (int k = 0; k < n; k++) {
            double re = 0.0, im = 0.0;
            for (int j = 0; j < n; j++) {
                const int idx = (j * k % n) * step;
                re += in[j * stride] * t.cos_t[idx];
                im -= in[j * stride] * t.sin_t[idx];
            }
            out[k] = {re, im};
        }
        return;
    }
    const int h = n / 2;
    cd* even = tmp;
    cd* odd = tmp + h;
    fft(in, h, stride * 2, even, out);
    fft(in + stride, h, stride * 2, odd, out);
    for (int k = 0; k < h; k++) {
        const cd w{t.cos_t[k * step], -t.sin_t[k * step]};
        const cd o = w * odd[k];
        out[k] = even[k] + o;
        out[k + h] = even[k] - o;
    }
}

}  // namespace

const float* hann_window() { return tables().hann; }

void power_spectrum(const float* frame, double* power) {
    double in[N];
    for (int i = 0; i < N; i++) in[i] = frame[i];
    cd out[N], tmp[N];
    fft(in, N, 1, out, tmp);
    for (int k = 0; k < N_BINS; k++) power[k] = std::norm(out[k]);
}

LogMel log_mel_spectrogram(std::span<const float> pcm, const float* filters, int n_mels, int n_bins, int n_threads) {
    const int64_t n = static_cast<int64_t>(pcm.size());
    const int pad = N / 2;
    const int64_t stage1 = int64_t(WhisperModel::SAMPLE_RATE) * WhisperModel::CHUNK_SECONDS;
    std::vector<float> padded(static_cast<size_t>(n + stage1 + 2 * pad), 0.0f);
    std::copy(pcm.begin(), pcm.end(), padded.begin() + pad);
    for (int i = 0; i < pad; i++) padded[i] = pad - i < n ? pcm[pad - i] : 0.0f;  // x[200] .. x[1]

    LogMel mel;
    mel.n_mels = n_mels;
    mel.n_frames = static_cast<int>((static_cast<int64_t>(padded.size()) - N) / WhisperModel::HOP);
    mel.n_frames_audio = static_cast<int>(n + pad >= N ? 1 + (n + pad - N) / WhisperModel::HOP : 0);
    mel.data.assign(static_cast<size_t>(n_mels) * mel.n_frames, -10.0f);
    // Frames that hold any audio (the rest see only zeros: -10).
    const int n_live = static_cast<int>(std::min<int64_t>((n + pad) / WhisperModel::HOP + 1, mel.n_frames));
    const float* hann = hann_window();

    auto work = [&](int ith, int nth) {
        float frame[N];
        double power[N_BINS];
        for (int i = ith; i < n_live; i += nth) {
            const int64_t off = int64_t(i) * WhisperModel::HOP;
            for (int j = 0; j < N; j++) frame[j] = off + j < n + pad ? hann[j] * padded[off + j] : 0.0f;
            power_spectrum(frame, power);
            for (int m = 0; m < n_mels; m++) {
                const float* f = filters + int64_t(m) * n_bins;
                double sum = 0.0;
                for (int k = 0; k < n_bins; k++) sum += power[k] * f[k];
                mel.data[int64_t(m) * mel.n_frames + i] = static_cast<float>(std::log10(std::max(sum, 1e-10)));
            }
        }
    };
    n_threads = std::max(1, std::min(n_threads, 16));
    std::vector<std::thread> threads;
    for (int t = 1; t < n_threads; t++) threads.emplace_back(work, t, n_threads);
    work(0, n_threads);
    for (auto& th : threads) th.join();

    double mx = -1e20;
    for (float v : mel.data) mx = std::max(mx, static_cast<double>(v));
    const double floor = mx - 8.0;
    for (float& v : mel.data) v = static_cast<float>((std::max(static_cast<double>(v), floor) + 4.0) / 4.0);
    return mel;
}

}  // namespace os1::engine::whisper
