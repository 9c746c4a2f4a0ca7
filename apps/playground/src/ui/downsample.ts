// Keeps a long series drawable: bucket means whose bucket size doubles whenever more than
// `max` buckets exist, so a million steps still draw as at most `max` points.
export class Downsampler {
  readonly x: number[] = [];
  readonly y: number[] = [];
  private bucket = 1;
  private sum = 0;
  private count = 0;
  private seen = 0;

  constructor(private readonly max = 1000) {}

  push(v: number): void {
    this.sum += v;
    this.count++;
    this.seen++;
    if (this.count < this.bucket) return;
    this.x.push(this.seen - (this.bucket - 1) / 2);
    this.y.push(this.sum / this.count);
    this.sum = 0;
    this.count = 0;
    if (this.y.length > this.max) this.halve();
  }

  private halve(): void {
    const n = Math.floor(this.y.length / 2);
    for (let i = 0; i < n; i++) {
      this.x[i] = (this.x[2 * i]! + this.x[2 * i + 1]!) / 2;
      this.y[i] = (this.y[2 * i]! + this.y[2 * i + 1]!) / 2;
    }
    // an odd last bucket goes back into the running sum
    if (this.y.length % 2 === 1) {
      this.sum = this.y[this.y.length - 1]! * this.bucket;
      this.count = this.bucket;
    }
    this.x.length = n;
    this.y.length = n;
    this.bucket *= 2;
  }
}
