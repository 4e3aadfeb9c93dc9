import { describe, expect, it } from 'vitest';
import { newVideoToken, seesVideoLink, videoUrl } from './video-link.ts';

describe('video-visit link', () => {
  it('is long, random and URL-safe', () => {
    const tokens = new Set(Array.from({ length: 100 }, newVideoToken));
    expect(tokens.size).toBe(100);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is built under the base, with or without its trailing slash', () => {
    expect(videoUrl('https://portal.example.org/video/', 'abc')).toBe('https://portal.example.org/video/abc');
    expect(videoUrl('https://portal.example.org/video', 'abc')).toBe('https://portal.example.org/video/abc');
  });

  it('is shown to the patient, proxies and the provider only', () => {
    expect(seesVideoLink({ via: 'self' }, 'u1', 'doc')).toBe(true);
    expect(seesVideoLink({ via: 'proxy' }, 'u1', 'doc')).toBe(true);
    expect(seesVideoLink({ via: 'care_team' }, 'doc', 'doc')).toBe(true);
    expect(seesVideoLink({ via: 'care_team' }, 'nurse', 'doc')).toBe(false);
    expect(seesVideoLink({ via: 'break_glass' }, 'other', 'doc')).toBe(false);
  });
});
