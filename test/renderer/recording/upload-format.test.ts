import { describe, expect, it } from 'vitest';
import { formatBytes, formatTimeLeft, uploadPercent } from '../../../renderer/recording/upload-format';
import { pickWebmMimeType } from '../../../renderer/recording/webm-mime-type';

describe('upload screen figures', () => {
  it('formats sizes the way people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB');
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3.3 GB');
  });

  it('never shows 100 % before the upload is done', () => {
    expect(uploadPercent({ totalBytes: 1000, uploadedBytes: 999, done: false })).toBe(99);
    expect(uploadPercent({ totalBytes: 1000, uploadedBytes: 1000, done: false })).toBe(99);
    expect(uploadPercent({ totalBytes: 1000, uploadedBytes: 1000, done: true })).toBe(100);
    expect(uploadPercent({ totalBytes: 0, uploadedBytes: 0, done: false })).toBe(0);
    expect(uploadPercent({ totalBytes: 800, uploadedBytes: 200, done: false })).toBe(25);
  });

  it('says how long is left, or nothing when it is not known', () => {
    expect(formatTimeLeft(null)).toBeNull();
    expect(formatTimeLeft(20)).toBe('less than a minute');
    expect(formatTimeLeft(60)).toBe('about 1 minute');
    expect(formatTimeLeft(600)).toBe('about 10 minutes');
    expect(formatTimeLeft(3900)).toBe('about 1 hour 5 minutes');
  });

  it('picks the first WebM type the recorder supports', () => {
    expect(pickWebmMimeType((type) => type === 'video/webm;codecs=vp9,opus' || type === 'video/webm')).toBe(
      'video/webm;codecs=vp9,opus',
    );
    expect(() => pickWebmMimeType(() => false)).toThrow(/cannot record WebM/);
  });
});
