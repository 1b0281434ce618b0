/**
 * <nb-layout-switch>: shows one of its two panels, chosen with native radio buttons
 * (so arrow keys, Tab and screen readers work as they do everywhere). Without this
 * script both panels stay visible.
 */
export class LayoutSwitchElement extends HTMLElement {
  connectedCallback(): void {
    const choice = this.querySelector<HTMLFieldSetElement>('.layout-choice');
    if (!choice || this.dataset['ready']) return;
    this.dataset['ready'] = '1';
    choice.hidden = false;
    choice.addEventListener('change', () => this.show());
    this.show();
  }

  private show(): void {
    const picked =
      this.querySelector<HTMLInputElement>('.layout-choice input:checked')?.value ?? 'paper';
    this.dataset['layout'] = picked;
    this.querySelectorAll<HTMLElement>(':scope > .layout-panel').forEach((panel) => {
      panel.hidden = panel.dataset['layout'] !== picked;
    });
  }
}
